// A record's verification state as a word with an icon beside it (never colour alone); the icon is
// decoration, the word is what a screen reader reads.
import type { VerificationState } from '../../../schemas/entities/client.ts';
import { t } from '../../i18n/i18n.ts';

const ICONS: Record<VerificationState, string> = { unverified: '○', approved: '✓', rejected: '✗', corrected: '↻' };

export function VerificationStateText(props: { state: VerificationState }) {
  return (
    <span class={`status status--${props.state}`}>
      <span aria-hidden="true">{ICONS[props.state]}</span> {t().status[props.state] ?? props.state}
    </span>
  );
}
