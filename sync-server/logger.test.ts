// The logger: one JSON object per line, levels, errors with their stack, and secrets and record contents never written.
import { expect, it } from 'vitest';
import { REDACTED, createLogger } from './logger.ts';

function capture(level: 'debug' | 'info' = 'info') {
  const lines: string[] = [];
  const logger = createLogger({ level, now: () => Date.UTC(2026, 11, 2), write: (line) => void lines.push(line) });
  return { logger, lines, parsed: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

it('writes one JSON object per line with time, level and message; below the level nothing', () => {
  const { logger, lines, parsed } = capture();
  logger.debug('hidden', { a: 1 });
  logger.info('signed in', { userId: 'u1' });
  logger.error('failed', { error: Object.assign(new Error('boom'), { code: 'E42' }) });
  expect(lines).toHaveLength(2);
  expect(lines.every((line) => line.endsWith('\n') && !line.slice(0, -1).includes('\n'))).toBe(true);
  const [info, error] = parsed();
  expect(info).toEqual({ time: '2026-12-02T00:00:00.000Z', level: 'info', msg: 'signed in', userId: 'u1' });
  expect(error).toMatchObject({ level: 'error', msg: 'failed', error: { message: 'boom', code: 'E42' } });
  expect(String((error!.error as { stack: string }).stack)).toContain('logger.test.ts');
});

it('redacts passwords, tokens, cookies, authorization headers and record contents, at the top and one level down', () => {
  const { logger, lines, parsed } = capture();
  logger.warn('careless caller', {
    password: 'hunter2-top',
    token: 'tok-top',
    sessionToken: 'tok-session',
    cookie: 'kartoteka_session=cookie-top',
    authorization: 'Bearer auth-top',
    headers: { cookie: 'kartoteka_session=cookie-header', authorization: 'Bearer auth-header', 'set-cookie': 'sc-header', accept: 'json' },
    user: { id: 'u1', password: 'hunter2-nested', passwordHash: 'scrypt$hash' },
    doc: { name: 'Zakłady Mięsne Tajne' },
    rows: [{ newDocumentState: { name: 'Tajne 2' } }],
    userId: 'u1',
  });
  const text = lines.join('');
  for (const secret of ['hunter2', 'tok-', 'cookie-top', 'cookie-header', 'auth-', 'sc-header', 'scrypt$hash', 'Tajne']) {
    expect(text, secret).not.toContain(secret);
  }
  const [entry] = parsed();
  expect(entry).toMatchObject({
    password: REDACTED,
    token: REDACTED,
    cookie: REDACTED,
    headers: { cookie: REDACTED, authorization: REDACTED, accept: 'json' },
    user: { id: 'u1', password: REDACTED },
    doc: REDACTED,
    userId: 'u1',
  });
});
