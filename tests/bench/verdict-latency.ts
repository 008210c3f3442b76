// Benchmark (issues 10 and 12 item 2): a verifier's verdict, pushed through the real push endpoint, until
// the operator's record list in Chromium shows it — with 1 connected device and with many (Node streams of
// verifiers bound to the same order, so the change is fanned out to each), beside a plain Node broadcast.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Client } from '../../schemas/entities/client.ts';
import type { PullResponse, PushResponse } from '../../schemas/protocol/sync.ts';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../schemas/protocol/version.ts';
import { applyVerdict, type VerdictInput } from '../../schemas/rules/edit.ts';
import { startServer, type RunningServer } from '../e2e/server.ts';
import { GC_ON_SIGNAL, collector, findProcess, openStreamsMeasured, type FanOutFigures, type StreamSet } from './fan-out.ts';
import { seedVerdictBench } from './verdict-seed.ts';

export interface VerdictOptions {
  /** Measured verdicts per phase (alternating reject / approve), after one unmeasured warm-up. */
  verdicts: number;
  /** Connected devices in the second phase: the browser and `devices - 1` Node streams. */
  devices: number;
  log: (line: string) => void;
}

export interface VerdictFigures {
  /** ms from just before the push request until the operator's DOM showed the verdict, 1 device. */
  single: number[];
  /** The same with `devices` connected. */
  crowded: number[];
  /** ms until the push request was answered, both phases pooled. */
  pushAnswered: number[];
  /** The stream side of the crowded phase (devices - 1 Node streams). */
  fanOut: FanOutFigures;
  /** How the DOM told the state: by `data-verification-state` or by the row's status text. */
  detectedBy: string;
  /** Chromium's clock minus this process's, estimated; subtracted when larger than its uncertainty. */
  clock: { offsetMs: number; uncertaintyMs: number; applied: boolean };
}

/** The server refused or did not take the verdict: no time is reported for it. */
export class VerdictRefused extends Error {}

const REASON = 'NIP należy do innej firmy – sprawdź w rejestrze REGON';
const NIP_NOTE = 'NIP należy do innej firmy';

/** The verifier's device: the app's headers and its session cookie, over real HTTP. */
function verifierClient(baseUrl: string, token: string) {
  const headers = {
    [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), 'content-type': 'application/json', 'x-kartoteka-device': 'bench-verifier',
    origin: baseUrl, cookie: `kartoteka_session=${token}`,
  };
  const post = async <T>(path: string, body: unknown): Promise<T> => {
    const response = await fetch(`${baseUrl}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    const text = await response.text();
    if (!response.ok) throw new VerdictRefused(`POST ${path} answered ${response.status}: ${text.slice(0, 500)}`);
    return JSON.parse(text) as T;
  };
  return {
    /** The stored record as the verifier's device holds it after a pull. */
    async master(id: string): Promise<Client & { _deleted: boolean }> {
      const page = await post<PullResponse<Client>>('/api/sync/clients/pull', { checkpoint: null, limit: 100 });
      const found = page.documents.find((d) => d.id === id);
      if (!found) throw new Error(`the verifier's pull does not hold record ${id} (${page.documents.length} documents)`);
      return found;
    },
    push: (rows: unknown[]) => post<PushResponse<Client>>('/api/sync/clients/push', { rows }),
  };
}

type Target = 'approved' | 'rejected';

/**
 * In the page: installs a MutationObserver resolving `window.__benchVerdict` with the wall-clock time
 * (timeOrigin + now) at which the record's row first shows `target`; answers '' or why it could not.
 * The row is the element holding the link to the record's form (or `[data-record-id]`); its state is
 * `data-verification-state` when the UI sets one, else its text ("Odrzucon…" / "Zatwierdzon…", Polish UI).
 * Plain JavaScript in a string: tsx would wrap named inner functions in a helper the page lacks.
 */
const WATCHER = `({ recordId, target, timeoutMs }) => {
  const rowOf = () => {
    const tagged = document.querySelector('[data-record-id="' + CSS.escape(recordId) + '"]');
    if (tagged) return tagged;
    const suffix = '/rekord/' + encodeURIComponent(recordId);
    const link = [...document.querySelectorAll('a[href]')].find((a) => (a.getAttribute('href') || '').endsWith(suffix));
    return link ? link.closest('tr, li, [role="row"], article') : null;
  };
  const read = () => {
    const row = rowOf();
    if (!row) return null;
    const text = (row.textContent || '').replace(/\\s+/g, ' ').trim();
    const holder = row.matches('[data-verification-state]') ? row : row.querySelector('[data-verification-state]');
    if (holder) return { state: holder.getAttribute('data-verification-state') || '', how: 'data-verification-state', text };
    const rejected = /odrzucon/i.test(text);
    const approved = /zatwierdzon/i.test(text);
    return { state: rejected && !approved ? 'rejected' : approved && !rejected ? 'approved' : 'other', how: 'status text', text };
  };
  const now = read();
  if (!now) return 'the record row is not on the page';
  if (now.state === target) return 'the row already shows ' + target + ' before the push: "' + now.text + '"';
  window.__benchVerdict = new Promise((resolve) => {
    let timer = 0;
    const observer = new MutationObserver(() => {
      const seen = read();
      if (!seen || seen.state !== target) return;
      const at = performance.timeOrigin + performance.now();
      observer.disconnect();
      clearTimeout(timer);
      resolve({ at, how: seen.how });
    });
    observer.observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
    timer = setTimeout(() => {
      observer.disconnect();
      const last = read();
      resolve({ error: 'the row did not show ' + target + ' within ' + timeoutMs + ' ms; it shows "' + (last ? last.text : '(no row)') + '"' });
    }, timeoutMs);
  });
  return '';
}`;

/** Chromium's wall clock minus this process's, from the tightest of a few round trips. */
async function clockOffset(page: Page): Promise<{ offsetMs: number; uncertaintyMs: number }> {
  let best = { offsetMs: 0, uncertaintyMs: Infinity };
  for (let i = 0; i < 9; i++) {
    const before = performance.timeOrigin + performance.now();
    const inPage = await page.evaluate(() => performance.timeOrigin + performance.now());
    const after = performance.timeOrigin + performance.now();
    const uncertaintyMs = (after - before) / 2;
    if (uncertaintyMs < best.uncertaintyMs) best = { offsetMs: inPage - (before + after) / 2, uncertaintyMs };
  }
  return best;
}

interface Round {
  page: Page;
  verifier: ReturnType<typeof verifierClient>;
  verifierId: string;
  recordId: string;
  clockMs: number;
  streams?: StreamSet;
}

interface Sample {
  screenMs: number;
  pushMs: number;
  how: string;
  arrivals: number[];
}

/** One verdict: pull the record as the verifier, push the verdict, wait for the operator's screen (and the streams). */
async function verdictRound(r: Round, target: Target): Promise<Sample> {
  const master = await r.verifier.master(r.recordId);
  const { _deleted: _, ...stored } = master;
  const input: VerdictInput = target === 'rejected'
    ? { state: 'rejected', reason: REASON, notes: { nip: NIP_NOTE } }
    : { state: 'approved', reason: '', notes: {} };
  const next = applyVerdict(stored, input, r.verifierId, Date.now());
  const problem = await r.page.evaluate<string>(`(${WATCHER})(${JSON.stringify({ recordId: r.recordId, target, timeoutMs: 15_000 })})`);
  if (problem) throw new Error(`operator's page: ${problem}`);
  r.streams?.arm('clients');

  const startedWall = performance.timeOrigin + performance.now();
  const started = performance.now();
  const answer = await r.verifier.push([{ assumedMasterState: master, newDocumentState: { ...next, _deleted: false } }]);
  const pushMs = performance.now() - started;
  if (answer.refused.length) {
    const refusal = answer.refused[0]!;
    throw new VerdictRefused(`the server refused the ${target} verdict: ${refusal.code} ${JSON.stringify(refusal.issues ?? [])}`);
  }
  if (answer.conflicts.length) {
    const stored = answer.conflicts[0]!.verification;
    throw new VerdictRefused(`the server answered the ${target} verdict with a conflict; it holds ${JSON.stringify(stored)}`);
  }

  const seen = await r.page.evaluate(() => (window as unknown as { __benchVerdict: Promise<{ at: number; how: string } | { error: string }> }).__benchVerdict);
  if ('error' in seen) throw new Error(`operator's page: ${seen.error}`);
  const arrivals = r.streams ? (await r.streams.collect(10_000)).map((at) => at - started) : [];
  return { screenMs: seen.at - r.clockMs - startedWall, pushMs, how: seen.how, arrivals };
}

/** A warm-up verdict, then `n` measured ones, alternating so each is a change of what the row shows. */
async function verdictRounds(r: Round, n: number, first: Target): Promise<{ samples: Sample[]; nextTarget: Target }> {
  let target = first;
  const flip = (t: Target): Target => (t === 'rejected' ? 'approved' : 'rejected');
  await verdictRound(r, target);
  target = flip(target);
  const samples: Sample[] = [];
  for (let i = 0; i < n; i++) {
    samples.push(await verdictRound(r, target));
    target = flip(target);
  }
  return { samples, nextTarget: target };
}

export async function measureVerdictLatency(browser: Browser, options: VerdictOptions): Promise<VerdictFigures> {
  const { log } = options;
  const crowdSize = options.devices - 1;
  const dataDir = mkdtempSync(join(tmpdir(), 'kartoteka-bench-verdict-'));
  let server: RunningServer | undefined;
  let streams: StreamSet | undefined;
  const context = await browser.newContext({ locale: 'pl-PL', timezoneId: 'Europe/Warsaw' });
  try {
    let started = Date.now();
    const seeded = await seedVerdictBench(dataDir, crowdSize);
    const seedMs = Date.now() - started;
    log(`seeded ${crowdSize + 3} users, their bindings and sessions, the order and its record in ${(seedMs / 1000).toFixed(1)} s`);
    // gc-on-signal.mjs lets the bench collect the server's garbage before reading its memory.
    const nodeOptions = [process.env.NODE_OPTIONS, ...GC_ON_SIGNAL].filter(Boolean).join(' ');
    server = await startServer({ dataDir, env: { NODE_OPTIONS: nodeOptions } });
    const serverPid = findProcess('sync-server/main.ts', `DATA_DIR=${dataDir}`);

    await context.addCookies([{ name: 'kartoteka_session', value: seeded.operator.token, url: server.url, httpOnly: true, sameSite: 'Lax' }]);
    const page = await context.newPage();
    await page.goto(`${server.url}/zlecenie/${encodeURIComponent(seeded.orderId)}`);
    await page.locator(`a[href$="/rekord/${encodeURIComponent(seeded.recordId)}"]`).first().waitFor({ state: 'visible', timeout: 60_000 });
    const measured = await clockOffset(page);
    const applied = Math.abs(measured.offsetMs) > measured.uncertaintyMs;
    const round: Round = {
      page, verifier: verifierClient(server.url, seeded.verifier.token), verifierId: seeded.verifier.user.id,
      recordId: seeded.recordId, clockMs: applied ? measured.offsetMs : 0,
    };

    started = Date.now();
    const single = await verdictRounds(round, options.verdicts, 'rejected');
    log(`1 device: ${options.verdicts + 1} verdicts in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    started = Date.now();
    const opened = await openStreamsMeasured(serverPid, collector(serverPid, server.log), {
      count: crowdSize,
      url: (i) => `${server!.url}/api/sync/stream?protocol=${PROTOCOL_VERSION}&device=bench-crowd-${i}`,
      headers: (i) => ({ cookie: `kartoteka_session=${seeded.crowd[i]}` }),
    });
    streams = opened.streams;
    log(`opened ${crowdSize} verifier streams in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    started = Date.now();
    const crowded = await verdictRounds({ ...round, streams }, options.verdicts, single.nextTarget);
    log(`${options.devices} devices: ${options.verdicts + 1} verdicts in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const all = [...single.samples, ...crowded.samples];
    return {
      single: single.samples.map((s) => s.screenMs),
      crowded: crowded.samples.map((s) => s.screenMs),
      pushAnswered: all.map((s) => s.pushMs),
      fanOut: {
        connections: crowdSize, broadcasts: options.verdicts, ...opened.memory,
        arrivals: crowded.samples.flatMap((s) => s.arrivals),
        spread: crowded.samples.flatMap((s) => s.arrivals.map((at) => at - Math.min(...s.arrivals))),
      },
      detectedBy: [...new Set(all.map((s) => s.how))].join(', '),
      clock: { ...measured, applied },
    };
  } catch (error) {
    if (server && !(error instanceof VerdictRefused)) log(`server log (last lines):\n${server.log().slice(-2000)}`);
    throw error;
  } finally {
    streams?.close();
    await context.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
