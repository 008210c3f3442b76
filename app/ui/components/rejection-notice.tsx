// At the top of the edit form: a rejected record's reason in words (never colour alone), and the
// duplicate flag the server sets; both follow replication live.
import { Show } from 'solid-js';
import type { Client } from '../../../schemas/entities/client.ts';
import { t } from '../../i18n/i18n.ts';

export function RejectionNotice(props: { verification: Client['verification']; duplicateOf: string }) {
  return (
    <>
      <Show when={props.verification.state === 'rejected'}>
        <section class="notice notice--problem" aria-labelledby="rejection-title">
          <h2 id="rejection-title" class="notice__title">
            {t().rejectedHeading}
          </h2>
          <p>
            <strong>{t().rejectedReason}</strong> {props.verification.reason || t().rejectedNoReason}
          </p>
          <p>{t().rejectedHelp}</p>
        </section>
      </Show>
      <Show when={props.duplicateOf}>
        <p class="notice notice--info">{t().duplicateNote}</p>
      </Show>
    </>
  );
}
