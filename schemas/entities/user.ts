// Users and roles: the role list, the public user shape and the checks of a new account's fields.
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

/** Field issues of a new account (first-run setup, later user administration); codes in USER_MESSAGES. */
export function checkNewAccount(input: { name?: unknown; login?: unknown; password?: unknown }): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  if (name === '') issues.push({ field: 'name', code: 'userName.required' });
  else if ([...name].length > USER_NAME_MAX_LENGTH) issues.push({ field: 'name', code: 'userName.tooLong' });
  else if (UNPRINTABLE.test(name)) issues.push({ field: 'name', code: 'chars.control' });

  const login = typeof input.login === 'string' ? normalizeLogin(input.login) : '';
  if (login === '') issues.push({ field: 'login', code: 'login.required' });
  else if (!LOGIN_PATTERN.test(login)) issues.push({ field: 'login', code: 'login.format' });

  const password = typeof input.password === 'string' ? input.password : '';
  if (password === '') issues.push({ field: 'password', code: 'password.required' });
  else if ([...password].length < PASSWORD_MIN_LENGTH) issues.push({ field: 'password', code: 'password.tooShort' });
  else if (password.length > PASSWORD_MAX_LENGTH) issues.push({ field: 'password', code: 'password.tooLong' });
  return issues;
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
