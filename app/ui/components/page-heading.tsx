// A page's <h1>: sets document.title ("<page> — Kartoteka", "Błąd: " prefix on errors) and takes focus
// after a route change, so a screen reader announces where the user arrived.
import { createEffect, onMount, type JSX } from 'solid-js';
import { t } from '../../i18n/i18n.ts';

let firstPageShown = false;
let skipFocusOnce = false;

/** The next page heading leaves focus alone (a form puts it on its first field instead). */
export function keepFocusForNextPage(): void {
  skipFocusOnce = true;
}

export function PageHeading(props: { title: string; error?: boolean; children?: JSX.Element }) {
  let heading!: HTMLHeadingElement;
  createEffect(() => {
    document.title = `${props.error ? t().errorTitlePrefix : ''}${props.title}${t().titleSuffix}`;
  });
  onMount(() => {
    // The first page of a visit keeps the browser's focus (the skip link comes first); later ones take it.
    const initial = !firstPageShown;
    firstPageShown = true;
    if (skipFocusOnce) {
      skipFocusOnce = false;
      return;
    }
    if (!initial) heading.focus();
  });
  return (
    <h1 ref={heading} tabindex="-1" class="page-heading">
      {props.children ?? props.title}
    </h1>
  );
}
