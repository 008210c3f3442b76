// Typed error codes of the API, grouped by what the caller must do (STYLE.md habit 4).

/** fatal: stop and ask the user (log in again, update the app); retry: try later; reject: drop this change and move on. */
export type ErrorKind = 'fatal' | 'retry' | 'reject';

export const ERRORS = {
  UNAUTHENTICATED: { status: 401, kind: 'fatal' },
  FORBIDDEN: { status: 403, kind: 'reject' },
  NOT_FOUND: { status: 404, kind: 'reject' },
  BAD_REQUEST: { status: 400, kind: 'reject' },
  VALIDATION: { status: 422, kind: 'reject' },
  CONFLICT: { status: 409, kind: 'reject' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, kind: 'reject' },
  PAYLOAD_TOO_LARGE: { status: 413, kind: 'reject' },
  ORIGIN_REFUSED: { status: 403, kind: 'reject' },
  RATE_LIMITED: { status: 429, kind: 'retry' },
  /** The request named a host that is not one of the server's own names (PUBLIC_URL, loopback) [S20]. */
  HOST_REFUSED: { status: 421, kind: 'fatal' },
  SETUP_DONE: { status: 409, kind: 'reject' },
  PROTOCOL_OUTDATED: { status: 426, kind: 'fatal' },
  INTERNAL: { status: 500, kind: 'retry' },
} as const satisfies Record<string, { status: number; kind: ErrorKind }>;

export type ErrorCode = keyof typeof ERRORS;

/** A field-level problem: the field key and a message code from schemas/entities/messages.ts. */
export interface FieldIssue {
  field: string;
  code: string;
}

export interface ApiErrorBody {
  error: {
    code: ErrorCode;
    kind: ErrorKind;
    message: { pl: string; en: string };
    issues?: FieldIssue[];
    /** UNAUTHENTICATED only: why the session ended (SessionEndReason in admin.ts). */
    reason?: string;
  };
}
