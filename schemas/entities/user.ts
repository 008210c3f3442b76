// Users and roles: the role list, the public user shape and the checks of a new account's fields.
import type { SessionEndReason } from '../protocol/admin.ts';
import type { FieldIssue } from '../protocol/errors.ts';

export const ROLES = ['admin', 'coordinator', 'supervisor', 'principal', 'operator', 'verifier'] as const;
export type Role = (typeof ROLES)[number];

/** What the API tells about a user (`/api/auth/me`, login, setup). */
export interface PublicUser {
  id: string;
  login: string;
  name: string;
  role: Role;
}

/** Logins are stored lower-case, so `Jan.Kowalski` and `jan.kowalski` are one account. */
export const LOGIN_PATTERN = /^[a-z0-9._-]{3,64}$/;
export const PASSWORD_MIN_LENGTH = 10;
// Long enough for any passphrase, short enough that hashing it is never the expensive part.
export const PASSWORD_MAX_LENGTH = 1000;
export const USER_NAME_MAX_LENGTH = 200;

export function normalizeLogin(login: string): string {
  return login.trim().toLowerCase();
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

// C0/C1 controls and bidi overrides make a name print other than it is stored; NUL cannot be stored at all.
const UNPRINTABLE = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

export function checkUserName(value: unknown): FieldIssue[] {
  const name = typeof value === 'string' ? value.trim() : '';
  if (name === '') return [{ field: 'name', code: 'userName.required' }];
  if ([...name].length > USER_NAME_MAX_LENGTH) return [{ field: 'name', code: 'userName.tooLong' }];
  if (UNPRINTABLE.test(name)) return [{ field: 'name', code: 'chars.control' }];
  return [];
}

export function checkLogin(value: unknown): FieldIssue[] {
  const login = typeof value === 'string' ? normalizeLogin(value) : '';
  if (login === '') return [{ field: 'login', code: 'login.required' }];
  if (!LOGIN_PATTERN.test(login)) return [{ field: 'login', code: 'login.format' }];
  return [];
}

export function checkPassword(value: unknown): FieldIssue[] {
  const password = typeof value === 'string' ? value : '';
  if (password === '') return [{ field: 'password', code: 'password.required' }];
  if ([...password].length < PASSWORD_MIN_LENGTH) return [{ field: 'password', code: 'password.tooShort' }];
  if (password.length > PASSWORD_MAX_LENGTH) return [{ field: 'password', code: 'password.tooLong' }];
  return [];
}

/** Field issues of a new account (first-run setup, user administration); codes in USER_MESSAGES. */
export function checkNewAccount(input: { name?: unknown; login?: unknown; password?: unknown }): FieldIssue[] {
  return [...checkUserName(input.name), ...checkLogin(input.login), ...checkPassword(input.password)];
}

/** Texts of the account and sign-in message codes (GOV.UK style: say how to fix it). */
export const USER_MESSAGES: Record<string, { pl: string; en: string }> = {
  'userName.required': { pl: 'Wpisz imię i nazwisko', en: 'Enter the full name' },
  'userName.tooLong': {
    pl: `Imię i nazwisko może mieć najwyżej ${USER_NAME_MAX_LENGTH} znaków`,
    en: `The name must be ${USER_NAME_MAX_LENGTH} characters or fewer`,
  },
  'login.required': { pl: 'Wpisz login', en: 'Enter the login' },
  'login.format': {
    pl: 'Login musi mieć od 3 do 64 znaków: małe litery bez polskich znaków, cyfry, kropka, podkreślenie lub myślnik',
    en: 'The login must be 3 to 64 characters: lower-case letters a–z, digits, dot, underscore or hyphen',
  },
  'password.required': { pl: 'Wpisz hasło', en: 'Enter the password' },
  'password.tooShort': {
    pl: `Hasło musi mieć co najmniej ${PASSWORD_MIN_LENGTH} znaków`,
    en: `The password must be at least ${PASSWORD_MIN_LENGTH} characters`,
  },
  'password.tooLong': {
    pl: `Hasło może mieć najwyżej ${PASSWORD_MAX_LENGTH} znaków`,
    en: `The password must be ${PASSWORD_MAX_LENGTH} characters or fewer`,
  },
};

/** Why the server refused a session (401 `reason`), as the login page explains it. */
export const SESSION_END_MESSAGES: Record<SessionEndReason, { pl: string; en: string }> = {
  expired: { pl: 'Sesja wygasła – zaloguj się ponownie', en: 'Your session has expired – sign in again' },
  ended: { pl: 'Sesja została zakończona – zaloguj się ponownie', en: 'Your session has ended – sign in again' },
  'password-reset': {
    pl: 'Hasło do konta zostało zmienione – zaloguj się nowym hasłem',
    en: 'The account password was changed – sign in with the new password',
  },
  deactivated: {
    pl: 'Konto zostało wyłączone – skontaktuj się z administratorem',
    en: 'The account has been deactivated – contact the administrator',
  },
};
