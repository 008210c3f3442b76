import { expect, test } from 'vitest';
import { guardQuota, isQuotaError, StorageFullError } from './quota.ts';

const quota = () => Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' });

test('a QuotaExceededError is recognised however deeply Dexie or RxDB wrap it', () => {
  expect(isQuotaError(quota())).toBe(true);
  expect(isQuotaError({ name: 'AbortError', inner: quota() })).toBe(true);
  expect(isQuotaError({ code: 'RC_PUSH', parameters: { errors: [{ inner: quota() }] } })).toBe(true);
  expect(isQuotaError(new Error('Network request failed'))).toBe(false);
  expect(isQuotaError(null)).toBe(false);
});

test('guardQuota turns a full disk into StorageFullError and passes other errors through', async () => {
  await expect(guardQuota(() => Promise.reject(quota()))).rejects.toBeInstanceOf(StorageFullError);
  const other = new Error('boom');
  await expect(guardQuota(() => Promise.reject(other))).rejects.toBe(other);
  await expect(guardQuota(() => Promise.resolve(7))).resolves.toBe(7);
});
