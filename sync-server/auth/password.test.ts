// Unit tests of password hashing: format, verification, constant-time compare inputs, re-hash detection.
import { describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, verifyPassword } from './password.ts';

const LOW = { N: 2 ** 10, r: 8, p: 1 };

describe('password hashing', () => {
  it('stores a self-describing scrypt string with a fresh salt', async () => {
    const a = await hashPassword('zupełnie tajne', LOW);
    const b = await hashPassword('zupełnie tajne', LOW);
    expect(a).toMatch(/^\$scrypt\$ln=10,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(a).not.toBe(b);
  });

  it('verifies the right password only; Unicode forms of one text are one password', async () => {
    const stored = await hashPassword('Zażółć gęślą', LOW);
    expect(await verifyPassword('Zażółć gęślą', stored)).toBe(true);
    expect(await verifyPassword('Zażółć gęślą'.normalize('NFD'), stored)).toBe(true);
    expect(await verifyPassword('zażółć gęślą', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('refuses malformed or absurdly expensive stored hashes instead of throwing', async () => {
    for (const stored of ['', 'plain', '$scrypt$ln=40,r=8,p=1$AAAA$AAAA', '$scrypt$ln=10,r=8,p=1$AAAA$AAAA', '$argon2id$v=19$x']) {
      expect(await verifyPassword('x', stored)).toBe(false);
    }
  });

  it('default cost is OWASP scrypt N=2^17, r=8, p=1 (needs maxmem above 128 MiB)', async () => {
    const stored = await hashPassword('domyślny koszt');
    expect(stored.startsWith('$scrypt$ln=17,r=8,p=1$')).toBe(true);
    expect(await verifyPassword('domyślny koszt', stored)).toBe(true);
  });

  it('tells when a hash was made with other parameters', async () => {
    const stored = await hashPassword('x', LOW);
    expect(needsRehash(stored, LOW)).toBe(false);
    expect(needsRehash(stored, { N: 2 ** 17, r: 8, p: 1 })).toBe(true);
    expect(needsRehash('garbage', LOW)).toBe(true);
  });
});
