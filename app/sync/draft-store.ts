// What a user had typed into an open form when the server refused their session (password reset,
// deactivation, expiry), kept in localStorage per user: "nothing typed is lost" (issue 14, finding 1).
// The same user gets it back after signing in again; another user's sign-in, a logout or "Usuń dane z
// tego urządzenia" removes it, like the device's other data.

const PREFIX = 'kartoteka.draft.';

export interface FormDraft {
  /** The route of the form ("/zlecenie/…/rekord/nowy"), where the user is taken back to. */
  path: string;
  /** Control id → typed text, or checked state for a checkbox / radio. */
  fields: Record<string, string | boolean>;
  savedAt: number;
}

function isDraft(value: unknown): value is FormDraft {
  if (typeof value !== 'object' || value === null) return false;
  const d = value as Partial<FormDraft>;
  return typeof d.path === 'string' && typeof d.savedAt === 'number' && typeof d.fields === 'object' && d.fields !== null
    && Object.values(d.fields).every((v) => typeof v === 'string' || typeof v === 'boolean');
}

export function storeDraft(userId: string, draft: FormDraft): void {
  try {
    localStorage.setItem(PREFIX + userId, JSON.stringify(draft));
  } catch {
    // Storage full or blocked: the refusal notice then does not promise the draft (keptDraft() is null).
  }
}

/** The user's kept draft, if any. */
export function keptDraft(userId: string): FormDraft | null {
  try {
    const raw = localStorage.getItem(PREFIX + userId);
    const value: unknown = raw === null ? null : JSON.parse(raw);
    return isDraft(value) ? value : null;
  } catch {
    return null;
  }
}

/** Every kept draft on the device (the deactivated user's file of unsent data includes them). */
export function allDrafts(): FormDraft[] {
  const drafts: FormDraft[] = [];
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i);
    if (!key?.startsWith(PREFIX)) continue;
    const draft = keptDraft(key.slice(PREFIX.length));
    if (draft) drafts.push(draft);
  }
  return drafts;
}

export function forgetDraft(userId: string): void {
  localStorage.removeItem(PREFIX + userId);
}

/** Removes the drafts of every user but `keep` (none: all of them). */
export function forgetDrafts(keep?: string): void {
  const keys: string[] = [];
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i);
    if (key?.startsWith(PREFIX) && key !== PREFIX + keep) keys.push(key);
  }
  for (const key of keys) localStorage.removeItem(key);
}
