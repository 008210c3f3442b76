// What a screen-reader user hears, over time: every text the live regions (role=status: polite,
// role=alert: assertive) show and every focus move, with timestamps, recorded in the page by a
// MutationObserver and focusin listener from before the app starts. A region a screen reader cannot
// reach at that moment (outside an open modal dialog, under aria-hidden or inert) is recorded as unheard.
import { expect, type BrowserContext, type Page } from '@playwright/test';

export type HeardKind = 'polite' | 'assertive' | 'focus';

export interface Heard {
  kind: HeardKind;
  /** The region's whole text, or for focus a short description ("h1: Logowanie", "input#nip: NIP"). */
  text: string;
  /** ms since listen() */
  at: number;
  /** False when the region was outside the accessibility tree (behind a modal dialog, aria-hidden, inert). */
  reachable: boolean;
}

export interface Voice {
  readonly entries: readonly Heard[];
  /** What was heard since the last mark(): announcements (both levels) and focus, reachable only. */
  heard(kinds?: readonly HeardKind[]): string[];
  /** Announcements only, prefixed "polite: " / "assertive: ", reachable only. */
  said(): string[];
  /** Everything since the last mark(), unheard entries too ("(unheard) polite: …"). */
  log(): string[];
  /** Starts a new window for heard() / said(). */
  mark(): void;
  /** Waits until `text` has been announced (any level, reachable) since the last mark(). */
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<void>;
  /** Waits `ms` and fails if anything was announced in that time. */
  expectSilence(ms: number): Promise<void>;
}

const script = `(() => {
  const last = new WeakMap();
  const send = (kind, text, reachable) => {
    const binding = window.__kartotekaVoice;
    if (typeof binding === 'function') binding(kind, text, reachable);
  };
  const norm = (s) => (s || '').replace(/\\s+/g, ' ').trim();
  const reachable = (el) => {
    if (el.closest('[aria-hidden="true"], [inert]')) return false;
    const modal = document.querySelector('dialog:modal');
    return !modal || modal.contains(el);
  };
  const scan = () => {
    for (const el of document.querySelectorAll('[role="status"], [role="alert"]')) {
      const text = norm(el.textContent);
      if (last.get(el) === text) continue;
      last.set(el, text);
      if (text) send(el.getAttribute('role') === 'alert' ? 'assertive' : 'polite', text, reachable(el));
    }
  };
  const describe = (el) => {
    if (!el || el === document.body) return 'body';
    const tag = el.tagName.toLowerCase();
    const id = el.id ? '#' + el.id : '';
    let name = '';
    if (el.labels && el.labels.length) name = norm(el.labels[0].textContent);
    else name = norm(el.getAttribute('aria-label') || el.textContent).slice(0, 120);
    return tag + id + ': ' + name;
  };
  const observe = () => {
    new MutationObserver(scan).observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['role'] });
    document.addEventListener('focusin', (e) => send('focus', describe(e.target), true), true);
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', observe, { once: true });
  else observe();
})();`;

/** Starts recording in every page of `context`; call before the first goto. */
export async function listen(context: BrowserContext): Promise<Voice> {
  const started = Date.now();
  const entries: Heard[] = [];
  let from = 0;
  await context.exposeBinding('__kartotekaVoice', (_source, kind: HeardKind, text: string, reachable: boolean) => {
    entries.push({ kind, text, at: Date.now() - started, reachable });
  });
  await context.addInitScript(script);
  const since = () => entries.slice(from);
  const voice: Voice = {
    entries,
    heard: (kinds = ['polite', 'assertive', 'focus']) => since().filter((e) => e.reachable && kinds.includes(e.kind)).map((e) => e.text),
    said: () => since().filter((e) => e.reachable && e.kind !== 'focus').map((e) => `${e.kind}: ${e.text}`),
    log: () => since().map((e) => `${e.at}ms ${e.reachable ? '' : '(unheard) '}${e.kind}: ${e.text}`),
    mark: () => {
      from = entries.length;
    },
    async waitFor(text, timeoutMs = 15_000) {
      const matches = (t: string) => (typeof text === 'string' ? t === text : text.test(t));
      await expect
        .poll(() => since().some((e) => e.reachable && e.kind !== 'focus' && matches(e.text)), {
          timeout: timeoutMs,
          message: `announcement ${String(text)} expected; heard:\n${voice.log().join('\n')}`,
        })
        .toBe(true);
    },
    async expectSilence(ms) {
      const before = voice.said().length;
      await new Promise((resolve) => setTimeout(resolve, ms));
      expect(voice.said().slice(before), `nothing should have been announced; heard:\n${voice.log().join('\n')}`).toEqual([]);
    },
  };
  return voice;
}

/** The accessibility tree of the page as Playwright's ARIA snapshot (what assistive technology can reach). */
export const ariaTree = (page: Page) => page.locator('body').ariaSnapshot();
