// Recognises "storage full" among the errors IndexedDB, Dexie and RxDB throw, so the UI can say so plainly.

/** A local write failed because the browser's storage quota is used up; nothing of it was stored. */
export class StorageFullError extends Error {
  constructor(options?: { cause?: unknown }) {
    super('Local storage is full', options);
    this.name = 'StorageFullError';
  }
}

// Dexie wraps the DOMException ('inner'), RxDB wraps errors in 'parameters', others use 'cause'.
const NESTED_KEYS = ['inner', 'cause', 'error', 'parameters', 'errors', 'writeError'] as const;

/** True when the error, or one it wraps, is a QuotaExceededError. */
export function isQuotaError(error: unknown, depth = 0): boolean {
  if (depth > 6 || typeof error !== 'object' || error === null) return false;
  const named = error as { name?: unknown; message?: unknown };
  if (named.name === 'QuotaExceededError' || named.name === 'StorageFullError') return true;
  if (typeof named.message === 'string' && /QuotaExceeded|quota exceeded/i.test(named.message)) return true;
  if (Array.isArray(error)) return error.some((item) => isQuotaError(item, depth + 1));
  const record = error as Record<string, unknown>;
  return NESTED_KEYS.some((key) => key in record && isQuotaError(record[key], depth + 1));
}

/** Runs a local write and turns a quota failure into StorageFullError. */
export async function guardQuota<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isQuotaError(error)) throw new StorageFullError({ cause: error });
    throw error;
  }
}
