// "Poprzednia strona · Strona 2 z 5 · Następna strona" under a paged table: the page change is said
// (issue 14: no silent actions; the page line already shows it, so it is said unseen), focus stays on
// the button pressed, and a press past the first or last page does nothing and says nothing.
import { Show } from 'solid-js';
import { t } from '../../i18n/i18n.ts';
import { announce } from './announcer.tsx';

/** Rows per page of every paged table. */
export const PAGE_SIZE = 25;

export function Pagination(props: { current: number; pages: number; label: string; onPage: (page: number) => void }) {
  const go = (next: number) => {
    const target = Math.min(Math.max(1, next), props.pages);
    if (target === props.current) return;
    props.onPage(target);
    announce(t().pageOf(target, props.pages), { visible: false });
  };
  return (
    <Show when={props.pages > 1}>
      <nav class="pagination" aria-label={props.label}>
        <button type="button" class="button button--secondary" aria-disabled={props.current === 1 ? 'true' : undefined} onClick={() => go(props.current - 1)}>
          {t().prevPage}
        </button>
        <p class="pagination__info">{t().pageOf(props.current, props.pages)}</p>
        <button type="button" class="button button--secondary" aria-disabled={props.current === props.pages ? 'true' : undefined} onClick={() => go(props.current + 1)}>
          {t().nextPage}
        </button>
      </nav>
    </Show>
  );
}
