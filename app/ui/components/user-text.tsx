// Text that is Polish whatever the UI language: what users typed (company and order names, instructions,
// reasons, comments) and Polish-only labels. With the English UI it carries lang="pl", so a screen
// reader reads it with a Polish voice instead of mangling it with an English one (issue 14, finding 4).
import { For, type JSX } from 'solid-js';
import { Dynamic } from 'solid-js/web';
import { lang } from '../../i18n/i18n.ts';

type Tag = 'span' | 'p' | 'div' | 'strong' | 'em' | 'li' | 'dd' | 'dt' | 'td' | 'th' | 'caption' | 'blockquote' | 'q';

/** `lang` for an element showing Polish text: 'pl' when the page is English, nothing when it is Polish. */
export const polishLang = (): 'pl' | undefined => (lang() === 'en' ? 'pl' : undefined);

/**
 * Renders `children` in a `<span>` (or `as`) with lang="pl" when the UI is English. In Polish it adds
 * no attribute (the page is already lang="pl"); the element stays, so layout does not change on a switch.
 */
export function UserText(props: { children: JSX.Element; as?: Tag; class?: string; id?: string }) {
  return (
    <Dynamic component={props.as ?? 'span'} lang={polishLang()} class={props.class} id={props.id}>
      {props.children}
    </Dynamic>
  );
}

// Characters no dictionary text contains: they mark where each user text goes in a sentence.
const slot = (i: number) => `\u0000${i}\u0000`;
const SLOTS = /\u0000(\d+)\u0000/;

/**
 * A UI sentence around user texts ("Edycja zlecenia: <name>", "Zalogowano: <name> (rola)"): the
 * sentence is read in the UI language, only the user texts in Polish. `template` gets the values in order.
 */
export function WithUserText(props: { template: (...values: string[]) => string; values: readonly string[] }) {
  // split() with a capturing group: text, index, text, index, …, text.
  const parts = () => props.template(...props.values.map((_, i) => slot(i))).split(SLOTS);
  return (
    <For each={parts()}>
      {(part, i) => (i() % 2 === 0 ? part : <UserText>{props.values[Number(part)]}</UserText>)}
    </For>
  );
}
