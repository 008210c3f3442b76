// The server's one error class: a typed code from schemas/protocol/errors.ts, its pl+en message and field issues.
import type { SessionEndReason } from '../schemas/protocol/admin.ts';
import { ERRORS, type ApiErrorBody, type ErrorCode, type FieldIssue } from '../schemas/protocol/errors.ts';

type Text = { pl: string; en: string };

/** Default texts per code; a throw site may pass a more specific one. */
export const ERROR_MESSAGES: Record<ErrorCode, Text> = {
  UNAUTHENTICATED: { pl: 'Zaloguj się, aby kontynuować', en: 'Sign in to continue' },
  FORBIDDEN: { pl: 'Nie masz uprawnień do tej czynności', en: 'You are not allowed to do this' },
  NOT_FOUND: { pl: 'Nie znaleziono', en: 'Not found' },
  BAD_REQUEST: { pl: 'Nieprawidłowe żądanie', en: 'The request is not valid' },
  VALIDATION: { pl: 'Popraw zaznaczone pola', en: 'Correct the marked fields' },
  CONFLICT: { pl: 'Dane zostały w międzyczasie zmienione', en: 'The data was changed in the meantime' },
  UNSUPPORTED_MEDIA_TYPE: {
    pl: 'Żądanie musi mieć typ application/json',
    en: 'The request must have the content type application/json',
  },
  PAYLOAD_TOO_LARGE: { pl: 'Przesłane dane są za duże', en: 'The request is too large' },
  ORIGIN_REFUSED: {
    pl: 'Żądanie z innej witryny zostało odrzucone',
    en: 'A request from another site was refused',
  },
  RATE_LIMITED: {
    pl: 'Za dużo prób – spróbuj ponownie za kilka minut',
    en: 'Too many attempts – try again in a few minutes',
  },
  HOST_REFUSED: {
    pl: 'Serwer nie odpowiada pod tym adresem – administrator musi dopisać go do PUBLIC_URL',
    en: 'The server does not answer under this address – the administrator must add it to PUBLIC_URL',
  },
  SETUP_DONE: {
    pl: 'Administrator został już utworzony – zaloguj się',
    en: 'The administrator already exists – sign in',
  },
  PROTOCOL_OUTDATED: {
    pl: 'Aplikacja jest nieaktualna – odśwież stronę, aby ją zaktualizować. Niewysłane zmiany zostaną zachowane',
    en: 'The app is out of date – reload the page to update it. Unsent changes are kept',
  },
  INTERNAL: { pl: 'Błąd serwera – spróbuj ponownie później', en: 'Server error – try again later' },
};

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly text: Text;
  readonly issues: FieldIssue[] | undefined;
  /** Extra response headers, e.g. Retry-After for RATE_LIMITED. */
  readonly headers: Record<string, string>;
  readonly reason: SessionEndReason | undefined;

  constructor(
    code: ErrorCode,
    options: { message?: Text; issues?: FieldIssue[]; headers?: Record<string, string>; reason?: SessionEndReason } = {},
  ) {
    const text = options.message ?? ERROR_MESSAGES[code];
    super(`${code}: ${text.en}`);
    this.name = 'ApiError';
    this.code = code;
    this.text = text;
    this.issues = options.issues;
    this.headers = options.headers ?? {};
    this.reason = options.reason;
  }

  get status(): number {
    return ERRORS[this.code].status;
  }

  toBody(): ApiErrorBody {
    const body: ApiErrorBody = { error: { code: this.code, kind: ERRORS[this.code].kind, message: this.text } };
    if (this.issues?.length) body.error.issues = this.issues;
    if (this.reason) body.error.reason = this.reason;
    return body;
  }
}
