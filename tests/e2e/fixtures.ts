// Shared e2e fixtures: axe check, live-region announcement log, console/CSP error collector, fresh servers.
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from '@playwright/test';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../schemas/protocol/version.ts';
import { startServer, type RunningServer } from './server.ts';

export { expect };

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export interface AxeOptions {
  /** CSS selectors left out of the scan; say why at the call site. */
  exclude?: string[];
  disableRules?: string[];
}

/**
 * Runs axe-core (WCAG 2.0–2.2 A/AA tags) on the page as it is now and fails with one readable line
 * per violated rule and element. The page must come from a `browser.newContext()` context (the
 * `page` fixture and `newContext()` below are); `browser.newPage()` pages make analyze() fail.
 */
export async function checkA11y(page: Page, label = '', options: AxeOptions = {}): Promise<void> {
  let builder = new AxeBuilder({ page }).withTags(AXE_TAGS);
  for (const selector of options.exclude ?? []) builder = builder.exclude(selector);
  if (options.disableRules?.length) builder = builder.disableRules(options.disableRules);
  const { violations } = await builder.analyze();
  const lines = violations.flatMap((v) => [
    `[${v.impact ?? 'n/a'}] ${v.id}: ${v.help} (${v.helpUrl})`,
    ...v.nodes.map((n) => `    at ${n.target.join(' ')}: ${(n.failureSummary ?? '').replace(/\s+/g, ' ').trim()}\n       ${n.html.slice(0, 200)}`),
  ]);
  const where = label ? `${label} (${page.url()})` : page.url();
  expect(violations.length, `axe: ${violations.length} violated rule(s) on ${where}:\n${lines.join('\n')}`).toBe(0);
}

export interface Announcement {
  text: string;
  /** ms since the recorder was installed */
  at: number;
  url: string;
}

/** What the `role=status` live region said, in order: every change to non-empty text, across reloads. */
export interface Announcements {
  readonly entries: Announcement[];
  texts(): string[];
  clear(): void;
  /** Waits until an announcement equal to `text` (or matching it) has been recorded since the last clear(). */
  expectAnnounced(text: string | RegExp, timeoutMs?: number): Promise<void>;
}

export interface BrowserError {
  kind: 'console' | 'pageerror' | 'csp';
  text: string;
  url: string;
}

/** Console errors, uncaught page errors and CSP violations (`securitypolicyviolation`) of a context. */
export interface BrowserErrors {
  readonly entries: BrowserError[];
  /** Fails listing every error that none of `allow` matches. */
  expectNone(options?: { allow?: RegExp[] }): void;
}

export interface Instruments {
  announcements: Announcements;
  errors: BrowserErrors;
}

// Runs in every document before the app: logs each change of a role=status region's text through a
// binding. The region exists and is empty from page load, so its first non-empty text is the first
// announcement; emptying it re-arms the same message.
const recorderScript = `(() => {
  const last = new WeakMap();
  const queue = [];
  const send = (kind, payload) => {
    const binding = window.__kartotekaRecord;
    if (typeof binding === 'function') { while (queue.length) binding(...queue.shift()); binding(kind, payload); }
    else queue.push([kind, payload]);
  };
  const scan = () => {
    for (const el of document.querySelectorAll('[role="status"]')) {
      const text = (el.textContent || '').replace(/\\s+/g, ' ').trim();
      if (last.get(el) === text) continue;
      last.set(el, text);
      if (text) send('announce', text);
    }
  };
  new MutationObserver(scan).observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['role'] });
  document.addEventListener('securitypolicyviolation', (e) => {
    send('csp', e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + (e.sourceFile || '?') + ':' + e.lineNumber);
  });
})();`;

/** Installs the announcement recorder and the error collector on a context; call before the first goto. */
export async function instrument(context: BrowserContext): Promise<Instruments> {
  const started = Date.now();
  const announced: Announcement[] = [];
  const errors: BrowserError[] = [];
  await context.exposeBinding('__kartotekaRecord', ({ page }, kind: string, payload: string) => {
    const url = page?.url() ?? '';
    if (kind === 'announce') announced.push({ text: payload, at: Date.now() - started, url });
    else errors.push({ kind: 'csp', text: payload, url });
  });
  await context.addInitScript(recorderScript);
  context.on('console', (message) => {
    // "Failed to load resource" names no URL in its text: append the resource's (location) URL.
    const where = message.location().url;
    const text = where && !message.text().includes(where) ? `${message.text()} [${where}]` : message.text();
    if (message.type() === 'error') errors.push({ kind: 'console', text, url: message.page()?.url() ?? '' });
  });
  // A renderer that dies (out of memory) stops every recorder: say so beside the errors.
  const watchCrash = (page: Page) => page.on('crash', () => errors.push({ kind: 'pageerror', text: 'the page crashed', url: page.url() }));
  context.pages().forEach(watchCrash);
  context.on('page', watchCrash);
  context.on('weberror', (webError) => {
    errors.push({ kind: 'pageerror', text: String(webError.error()?.stack ?? webError.error()), url: webError.page()?.url() ?? '' });
  });

  const announcements: Announcements = {
    entries: announced,
    texts: () => announced.map((a) => a.text),
    clear: () => { announced.length = 0; },
    async expectAnnounced(text, timeoutMs = 10_000) {
      const matches = (t: string) => (typeof text === 'string' ? t === text : text.test(t));
      await expect
        .poll(() => announced.some((a) => matches(a.text)), {
          timeout: timeoutMs,
          // What else happened helps read a failure seen once: the times, urls and the page's errors.
          message: `announcement ${String(text)} expected; recorded: ${JSON.stringify(announced.map((a) => `${a.at} ms ${a.text} @ ${a.url}`))}; `
            + `browser errors: ${JSON.stringify(errors.map((e) => `${e.kind}: ${e.text.slice(0, 300)}`))}`,
        })
        .toBe(true);
    },
  };
  const collector: BrowserErrors = {
    entries: errors,
    expectNone({ allow = [] } = {}) {
      const unexpected = errors.filter((e) => !allow.some((re) => re.test(e.text)));
      const lines = unexpected.map((e) => `  [${e.kind}] ${e.text} (${e.url})`);
      expect(unexpected.length, `browser errors:\n${lines.join('\n')}`).toBe(0);
    },
  };
  return { announcements, errors: collector };
}

export interface FreshApp extends Instruments {
  context: BrowserContext;
  page: Page;
}

interface Fixtures {
  /** `await axe(page, 'setup form')`: zero axe violations, else a readable list. */
  axe: (page: Page, label?: string, options?: AxeOptions) => Promise<void>;
  /** Announcements of the default `context` / `page`. */
  announcements: Announcements;
  /** Console/page/CSP errors of the default `context` / `page`. */
  browserErrors: BrowserErrors;
  /** Instruments of the default context (both of the above). */
  instruments: Instruments;
  /** A server of its own for this test (own port, new empty PGlite DATA_DIR): a first-run database. */
  freshServer: RunningServer;
  /** `await newContext({ baseURL: freshServer.url })`: an instrumented context and page, closed after the test. */
  newContext: (options?: BrowserContextOptions) => Promise<FreshApp>;
}

export const test = base.extend<Fixtures>({
  axe: async ({}, use) => {
    await use((page, label, options) => checkA11y(page, label, options));
  },
  instruments: async ({ context }, use) => {
    await use(await instrument(context));
  },
  announcements: async ({ instruments }, use) => {
    await use(instruments.announcements);
  },
  browserErrors: async ({ instruments }, use) => {
    await use(instruments.errors);
  },
  freshServer: async ({}, use, testInfo) => {
    const server = await startServer();
    try {
      await use(server);
    } finally {
      if (testInfo.status !== testInfo.expectedStatus) await testInfo.attach('server.log', { body: server.log(), contentType: 'text/plain' });
      await server.stop();
    }
  },
  newContext: async ({ browser, locale, timezoneId }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async (options = {}) => openApp(browser, { locale, timezoneId, ...options }, contexts));
    for (const context of contexts) await context.close();
  },
});

async function openApp(browser: Browser, options: BrowserContextOptions, track: BrowserContext[]): Promise<FreshApp> {
  const context = await browser.newContext(options);
  track.push(context);
  const instruments = await instrument(context);
  const page = await context.newPage();
  return { context, page, ...instruments };
}

export interface Credentials {
  login: string;
  password: string;
}

export interface AdminAccount extends Credentials {
  name: string;
}

/** The administrator every spec can rely on after `ensureAdmin()` on the shared server. */
export const ADMIN: AdminAccount = { name: 'Anna Administratorka', login: 'admin', password: 'Kartoteka-e2e-2026!' };

/** Headers the app sends on API calls: protocol version, JSON, and the page's origin (origin check). */
export function apiHeaders(baseURL: string): Record<string, string> {
  return { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), 'content-type': 'application/json', origin: new URL(baseURL).origin };
}

/**
 * Logs a context in through the API (the session cookie lands in the context, so its pages are
 * signed in). On a first-run database the administrator is created first.
 */
export async function ensureAdmin(context: BrowserContext, baseURL: string, admin: AdminAccount = ADMIN): Promise<void> {
  const headers = apiHeaders(baseURL);
  const setup = await context.request.get(`${baseURL}/api/setup`, { headers });
  if (setup.ok() && ((await setup.json()) as { needed?: boolean }).needed) {
    const created = await context.request.post(`${baseURL}/api/setup`, { headers, data: admin });
    expect(created.ok(), `POST /api/setup: ${created.status()} ${await created.text()}`).toBe(true);
  }
  await loginViaApi(context, baseURL, admin);
}

/** POST /api/auth/login from the context's request client; fails with the server's answer. */
export async function loginViaApi(context: BrowserContext, baseURL: string, credentials: Credentials): Promise<void> {
  const response = await context.request.post(`${baseURL}/api/auth/login`, {
    headers: apiHeaders(baseURL),
    data: { login: credentials.login, password: credentials.password },
  });
  expect(response.ok(), `POST /api/auth/login: ${response.status()} ${await response.text()}`).toBe(true);
}
