// The first screen beside the shell's size (issue 12 item 5: a smaller shell must not slow it): from navigation
// to the login form (signed out), and to the orders list showing an order (signed in: RxDB's chunk loads and
// the database opens first), each the median of several loads with the service worker in control.
import type { Browser, Page } from 'playwright-core';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../schemas/protocol/version.ts';
import { startServer } from '../e2e/server.ts';

export interface FirstScreen {
  loginFormMs: number;
  ordersListMs: number;
  loads: number;
}

const ADMIN = { name: 'Benchmark Admin', login: 'bench', password: 'Kartoteka-bench-2026!' };
const ORDER_NAME = 'Zlecenie pierwszego ekranu';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

// Runs before the app in every document: notes (performance.now(), from navigation start) when `found` first holds.
const watch = (found: string) => `(() => {
  const check = () => { if (window.__firstScreen === undefined && (${found})()) window.__firstScreen = performance.now(); };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true });
})()`;

async function timedLoads(page: Page, url: string, loads: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < loads; i++) {
    await page.goto(url);
    await page.waitForFunction(() => (window as unknown as { __firstScreen?: number }).__firstScreen !== undefined, null, { timeout: 30_000 });
    times.push(await page.evaluate(() => (window as unknown as { __firstScreen: number }).__firstScreen));
  }
  return times;
}

async function serviceWorkerInControl(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 30_000 });
}

export async function measureFirstScreen(browser: Browser, loads = 7): Promise<FirstScreen> {
  const server = await startServer();
  const headers = { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), 'content-type': 'application/json', origin: server.url, 'x-kartoteka-device': 'bench-first-screen' };
  let loginFormMs: number;
  let ordersListMs: number;
  try {
    const signedOut = await browser.newContext();
    try {
      await signedOut.addInitScript(watch(`() => document.querySelector('input[type=password]')`));
      const page = await signedOut.newPage();
      await page.goto(server.url);
      await serviceWorkerInControl(page);
      loginFormMs = median(await timedLoads(page, server.url, loads));
    } finally {
      await signedOut.close();
    }

    const setup = await fetch(`${server.url}/api/setup`, { method: 'POST', headers, body: JSON.stringify(ADMIN) });
    if (!setup.ok) throw new Error(`setup: ${setup.status} ${await setup.text()}`);
    const { user } = await setup.json() as { user: { id: string } };
    const signedIn = await browser.newContext();
    try {
      const login = await signedIn.request.post(`${server.url}/api/auth/login`, { headers, data: { login: ADMIN.login, password: ADMIN.password } });
      if (!login.ok()) throw new Error(`login: ${login.status()} ${await login.text()}`);
      const now = Date.now();
      const order = {
        id: 'first-screen-order', name: ORDER_NAME, instructions: '', voivodeships: ['14'], area: '', targetCount: 10, deadline: '',
        principalId: user.id, verificationRequired: false, attributeIds: [], status: 'open', createdBy: user.id, createdAt: now, updatedAt: now, fieldTimes: {},
      };
      const pushed = await signedIn.request.post(`${server.url}/api/sync/orders/push`, {
        headers, data: { rows: [{ assumedMasterState: null, newDocumentState: { ...order, _deleted: false } }] },
      });
      if (!pushed.ok()) throw new Error(`order push: ${pushed.status()} ${await pushed.text()}`);
      await signedIn.addInitScript(watch(`() => [...document.querySelectorAll('main *')].some((e) => e.childElementCount === 0 && (e.textContent || '').includes(${JSON.stringify(ORDER_NAME)}))`));
      const page = await signedIn.newPage();
      await page.goto(`${server.url}/zlecenia`); // the first load syncs the order and installs the service worker
      await page.waitForFunction(() => (window as unknown as { __firstScreen?: number }).__firstScreen !== undefined, null, { timeout: 60_000 });
      await serviceWorkerInControl(page);
      ordersListMs = median(await timedLoads(page, `${server.url}/zlecenia`, loads));
    } finally {
      await signedIn.close();
    }
    return { loginFormMs, ordersListMs, loads };
  } finally {
    await server.stop();
  }
}
