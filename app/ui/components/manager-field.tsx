// The manager choice of a user form: shown only for roles that have one in the structure (operators a
// supervisor, supervisors a coordinator), its label naming that role.
import { Show } from 'solid-js';
import type { Role } from '../../../schemas/entities/user.ts';
import { MANAGER_ROLE } from '../../../schemas/rules/administration.ts';
import { t } from '../../i18n/i18n.ts';
import { SelectField } from './fields.tsx';
import { polishLang } from './user-text.tsx';

export const MANAGER_FIELD = 'user-manager';

export function ManagerField(props: {
  role: Role | '';
  value: string;
  onInput: (value: string) => void;
  candidates: readonly { id: string; name: string }[];
  required: boolean;
  error?: string;
}) {
  const has = () => (props.role === '' ? false : MANAGER_ROLE[props.role] !== undefined);
  return (
    <Show when={has()}>
      <SelectField
        id={MANAGER_FIELD}
        label={t().userManager[props.role] ?? ''}
        hint={[t().userManagerHint[props.role], props.required ? '' : t().userManagerOptional].filter(Boolean).join(' ')}
        value={props.value}
        onInput={props.onInput}
        options={props.candidates.map((u) => ({ value: u.id, label: u.name, lang: polishLang() }))}
        required={props.required}
        error={props.error}
      />
    </Show>
  );
}
