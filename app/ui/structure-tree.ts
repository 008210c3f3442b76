// The structure as a tree: coordinators → their supervisors → their operators, and those without a
// manager in the list ("Bez przełożonego"); other roles stand outside it.
import type { Role } from '../../schemas/entities/user.ts';
import { nameCollator } from './format.ts';

/** A person as the structure page shows them; `manageable`: the signed-in user may move them. */
export interface Person {
  id: string;
  name: string;
  role: Role;
  managerId: string;
  active: boolean;
  manageable: boolean;
}

export interface Branch {
  person: Person;
  children: Branch[];
}

export interface Structure {
  coordinators: Branch[];
  /** Supervisors (with their operators) and operators whose manager is not in the structure. */
  unassigned: Branch[];
}

const leaf = (person: Person): Branch => ({ person, children: [] });

export function buildStructure(people: readonly Person[]): Structure {
  const sorted = [...people].sort((a, b) => nameCollator.compare(a.name, b.name));
  const ofRole = (role: Role) => sorted.filter((p) => p.role === role);
  const coordinators = ofRole('coordinator');
  const supervisors = ofRole('supervisor');
  const operators = ofRole('operator');
  const coordinatorIds = new Set(coordinators.map((p) => p.id));
  const supervisorIds = new Set(supervisors.map((p) => p.id));
  const supervisorBranch = (s: Person): Branch => ({ person: s, children: operators.filter((o) => o.managerId === s.id).map(leaf) });
  return {
    coordinators: coordinators.map((c) => ({ person: c, children: supervisors.filter((s) => s.managerId === c.id).map(supervisorBranch) })),
    unassigned: [
      ...supervisors.filter((s) => !coordinatorIds.has(s.managerId)).map(supervisorBranch),
      ...operators.filter((o) => !supervisorIds.has(o.managerId)).map(leaf),
    ],
  };
}
