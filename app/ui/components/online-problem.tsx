// Why an online-only screen has nothing to show (offline, server refused), with a way to try again.
import { t } from '../../i18n/i18n.ts';

export function OnlineProblem(props: { text: string; onRetry: () => void }) {
  return (
    <div class="notice notice--problem">
      <p class="notice__text">{props.text}</p>
      <button type="button" class="button button--secondary" onClick={() => props.onRetry()}>
        {t().retry}
      </button>
    </div>
  );
}
