// Reads a request body as a JSON object; anything else is a 400 in the API's error format, never a 500.
import type { Context } from 'hono';
import { ApiError } from '../errors.ts';

export async function readJsonObject(c: Context): Promise<Record<string, unknown>> {
  let value: unknown;
  try {
    value = JSON.parse(await c.req.text());
  } catch {
    throw new ApiError('BAD_REQUEST', { message: { pl: 'Nieprawidłowy JSON', en: 'Malformed JSON' } });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ApiError('BAD_REQUEST', { message: { pl: 'Oczekiwano obiektu JSON', en: 'A JSON object was expected' } });
  }
  return value as Record<string, unknown>;
}
