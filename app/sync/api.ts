// The app's only HTTP client: protocol and device headers, JSON bodies, same-origin cookies, typed errors.
import type { ApiErrorBody, ErrorCode, ErrorKind, FieldIssue } from '../../schemas/protocol/errors.ts';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../schemas/protocol/version.ts';
import { deviceId } from './device.ts';

/** The server answered with an error body (or at least a status). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode | 'UNKNOWN';
  readonly kind: ErrorKind;
  readonly text: { pl: string; en: string } | null;
  readonly issues: FieldIssue[];
  /** 401 only: why the session ended (SessionEndReason). */
  readonly reason: string | undefined;

  constructor(status: number, body: Partial<ApiErrorBody['error']> | undefined) {
    super(body?.message?.en ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = body?.code ?? 'UNKNOWN';
    this.kind = body?.kind ?? (status >= 500 || status === 429 ? 'retry' : 'reject');
    this.text = body?.message ?? null;
    this.issues = body?.issues ?? [];
    this.reason = typeof body?.reason === 'string' ? body.reason : undefined;
  }
}

/** The server could not be reached at all (offline, DNS, connection refused). */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super('Network request failed', { cause });
    this.name = 'NetworkError';
  }
}

export const isUnauthorized = (error: unknown) => error instanceof ApiError && error.status === 401;
export const isOutdated = (error: unknown) => error instanceof ApiError && error.status === 426;

async function errorBody(response: Response): Promise<Partial<ApiErrorBody['error']> | undefined> {
  try {
    const body = (await response.json()) as Partial<ApiErrorBody>;
    return typeof body?.error === 'object' && body.error !== null ? body.error : undefined;
  } catch {
    return undefined; // a proxy's HTML error page: the status alone must do
  }
}

/** Calls `/api/...`; resolves with the JSON body, rejects with ApiError or NetworkError. */
export async function api<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {
    [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
    'x-kartoteka-device': deviceId(),
    accept: 'application/json',
  };
  // State-changing requests are JSON: the server refuses other content types as a CSRF defence.
  if (method === 'POST') headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      cache: 'no-store',
      body: method === 'POST' ? JSON.stringify(body ?? {}) : undefined,
    });
  } catch (error) {
    throw new NetworkError(error);
  }
  if (!response.ok) throw new ApiError(response.status, await errorBody(response));
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}
