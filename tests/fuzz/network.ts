// The simulated network between fuzzed devices and the in-process server: every request waits in one
// queue the fuzz delivers from by hand (in any order, to an offline device as a failure, or with the
// reply lost after the server committed), so no timer decides what happens (STYLE habit 7).
import type { Hono } from 'hono';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../schemas/protocol/version.ts';
import type { AppEnv } from '../../sync-server/context.ts';
import { ApiError, NetworkError } from '../../app/sync/api.ts';

export const ORIGIN = 'http://localhost';
const HUNG_MS = 10_000;

/** What one device (browser tab) sends with: its session cookie and its device id. */
export interface Endpoint {
  name: string;
  cookie: string;
  deviceId: string;
  online: boolean;
}

interface InFlight {
  from: Endpoint;
  method: 'GET' | 'POST';
  path: string;
  body: unknown;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** Thrown by the network when the fuzz made the request fail: expected, never a finding. */
export const isInjected = (error: unknown) => error instanceof NetworkError;

export class Network {
  private queue: InFlight[] = [];
  /** Settling: requests of online devices go straight through, in the order they are made. */
  direct = false;
  delivered = 0;
  /** Sees every request delivered while settling (debugging output). */
  log?: (request: { from: Endpoint; path: string }, outcome: string) => void;
  /** Time spent inside the server, for tuning run sizes. */
  serverMs = 0;
  lostReplies = 0;
  /** Server answers of 5xx: always a finding. */
  readonly serverErrors: string[] = [];

  constructor(private readonly app: () => Hono<AppEnv>) {}

  get waiting(): number {
    return this.queue.length;
  }

  /** The `call` hook of app/sync/replication.ts for one device: same signature as `api`. */
  callFor(from: Endpoint) {
    return <T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> =>
      new Promise<T>((resolve, reject) => {
        const request: InFlight = { from, method, path, body, resolve: resolve as (v: unknown) => void, reject };
        // Through the macrotask queue: a request loop must not starve timers (and the fuzz's hang bounds).
        if (this.direct) setImmediate(() => void this.deliver(request, false).then((outcome) => this.log?.(request, outcome)));
        else this.queue.push(request);
      });
  }

  /** Delivers the queued request at `index` (modulo the queue length); what it was, '' when nothing waits. */
  async deliverAt(index: number, loseReply: boolean): Promise<string> {
    if (this.queue.length === 0) return '';
    const [request] = this.queue.splice(index % this.queue.length, 1);
    const outcome = await this.deliver(request!, loseReply);
    return `${request!.from.name} ${request!.path.replace('/api/sync/', '')}: ${outcome}`;
  }

  /** Delivers (or fails, for offline devices) everything waiting, oldest first. */
  async drain(): Promise<void> {
    while (this.queue.length > 0) await this.deliverAt(0, false);
  }

  /** A request of the admin (or any user) straight to the server, outside the devices' queue. */
  async send(from: Pick<Endpoint, 'cookie' | 'deviceId'>, method: 'GET' | 'POST', path: string, body?: unknown): Promise<Response> {
    const started = Date.now();
    const answer = this.app().request(`${ORIGIN}${path}`, {
      method,
      headers: {
        [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
        'x-kartoteka-device': from.deviceId,
        accept: 'application/json',
        cookie: from.cookie,
        ...(method === 'POST' ? { origin: ORIGIN, 'content-type': 'application/json' } : {}),
      },
      body: method === 'POST' ? JSON.stringify(body ?? {}) : undefined,
    });
    // A bound on a hang (a request waiting for ever on a lock), not a timing assertion.
    let timer: NodeJS.Timeout | undefined;
    const response = await Promise.race([
      answer,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer in ${HUNG_MS / 1000} s`)), HUNG_MS);
      }),
    ]).catch((error: unknown) => {
      this.serverErrors.push(`${method} ${path}: ${String(error)}`);
      throw error;
    }).finally(() => clearTimeout(timer));
    this.serverMs += Date.now() - started;
    if (response.status >= 500) this.serverErrors.push(`${method} ${path}: ${response.status} ${await response.clone().text()}`);
    return response;
  }

  private async deliver(request: InFlight, loseReply: boolean): Promise<string> {
    if (!request.from.online) {
      request.reject(new NetworkError(new Error(`${request.from.name} is offline`)));
      return 'offline';
    }
    let response: Response;
    try {
      response = await this.send(request.from, request.method, request.path, request.body);
    } catch (error) {
      request.reject(error);
      return String(error);
    }
    this.delivered++;
    const text = await response.text();
    const json = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
    if (loseReply) {
      // The server has committed; the device only sees the connection drop.
      this.lostReplies++;
      request.reject(new NetworkError(new Error('reply lost')));
      return `${response.status} ${summary(request.body, json)}`;
    }
    if (!response.ok) request.reject(new ApiError(response.status, json?.error as never));
    else request.resolve(json);
    return `${response.status} ${summary(request.body, json)}`;
  }
}

type Row = { id?: string; _deleted?: boolean };
/** A short account of a push or pull for the run's trace. */
function summary(body: unknown, reply: Record<string, unknown> | undefined): string {
  const sent = (body as { rows?: { newDocumentState: Row }[] } | undefined)?.rows;
  const ids = (rows: unknown) => (Array.isArray(rows) ? (rows as Row[]).map((r) => `${r.id}${r._deleted ? '(deleted)' : ''}`).join(',') : '');
  if (sent) {
    const refused = (reply?.refused as { id: string; code: string }[] | undefined)?.map((r) => `${r.id}:${r.code}`).join(',');
    return `pushed [${sent.map((r) => `${r.newDocumentState.id}${r.newDocumentState._deleted ? '(deleted)' : ''}`).join(',')}] conflicts [${ids(reply?.conflicts)}]${refused ? ` refused [${refused}]` : ''}`;
  }
  return `pulled [${ids(reply?.documents)}]`;
}
