// The structure tree: who sits under whom, and who lands in "Bez przełożonego".
import { describe, expect, test } from 'vitest';
import type { Role } from '../../schemas/entities/user.ts';
import { buildStructure, type Branch, type Person } from './structure-tree.ts';

const person = (id: string, name: string, role: Role, managerId = ''): Person => ({ id, name, role, managerId, active: true, manageable: true });
const names = (branches: Branch[]): unknown[] =>
  branches.map((b) => (b.children.length ? [b.person.name, names(b.children)] : b.person.name));

describe('buildStructure', () => {
  const people = [
    person('a', 'Anna Admin', 'admin'),
    person('c', 'Celina', 'coordinator'),
    person('s1', 'Łukasz', 'supervisor', 'c'),
    person('s2', 'Bogdan', 'supervisor', 'c'),
    person('s3', 'Zofia', 'supervisor'),
    person('o1', 'Olek', 'operator', 's1'),
    person('o2', 'Ula', 'operator', 's3'),
    person('o3', 'Zenon', 'operator', 'gone'),
    person('v', 'Wera', 'verifier'),
  ];

  test('nests coordinators, their supervisors and their operators, in Polish name order', () => {
    expect(names(buildStructure(people).coordinators)).toEqual([['Celina', ['Bogdan', ['Łukasz', ['Olek']]]]]);
  });

  test('puts supervisors and operators without a manager in the list under "Bez przełożonego"; other roles stay out', () => {
    expect(names(buildStructure(people).unassigned)).toEqual([['Zofia', ['Ula']], 'Zenon']);
  });
});
