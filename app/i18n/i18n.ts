// The current UI language: a persisted signal, the active dictionary and <html lang> kept in step.
import { createRoot, createSignal, createEffect } from 'solid-js';
import type { Dictionary } from './dictionary.ts';
import { en } from './en.ts';
import { pl } from './pl.ts';
import type { Lang } from './plural.ts';

const STORAGE_KEY = 'kartoteka.lang';
const dictionaries: Record<Lang, Dictionary> = { pl, en };

function storedLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'pl';
  } catch {
    return 'pl'; // storage blocked (private mode policies): Polish, the default
  }
}

const [lang, setLangSignal] = createSignal<Lang>(storedLang());

/** The language in use ('pl' unless the user switched). */
export { lang };

/** The active dictionary; read it inside JSX or effects so a switch re-renders. */
export const t = (): Dictionary => dictionaries[lang()];

export function setLang(next: Lang): void {
  setLangSignal(next);
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Not persisted; the switch still applies to this visit.
  }
}

export function toggleLang(): void {
  setLang(lang() === 'pl' ? 'en' : 'pl');
}

// Screen readers pick their voice from <html lang>, so it follows every switch.
createRoot(() => {
  createEffect(() => {
    document.documentElement.lang = lang();
  });
});
