// This device's stable random id, sent with every API request so the server's audit can name the device.

const STORAGE_KEY = 'kartoteka.device';
let cached: string | null = null;

export function deviceId(): string {
  if (cached) return cached;
  try {
    cached = localStorage.getItem(STORAGE_KEY);
    if (!cached) {
      cached = crypto.randomUUID();
      localStorage.setItem(STORAGE_KEY, cached);
    }
  } catch {
    // Storage blocked: an id for this visit only; the server still gets a well-formed header.
    cached ??= crypto.randomUUID();
  }
  return cached;
}
