import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashPassword, PASSWORD_MAX_BYTES, verifyPassword } from '../../src/auth/password.js';
import { ErrorCode, ServerError } from '../../src/errors.js';

const md5 = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex');

async function rejectionCode(promise: Promise<unknown>): Promise<number | undefined> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ServerError) return error.code;
    throw error;
  }
  return undefined;
}

describe('hashPassword / verifyPassword', () => {
  it('produces the self-describing scrypt form', async () => {
    const stored = await hashPassword('correct horse', false);
    const parts = stored.split('$');
    expect(parts.slice(0, 4)).toEqual(['scrypt', '16384', '8', '1']);
    expect(Buffer.from(parts[4] ?? '', 'base64')).toHaveLength(16);
    expect(Buffer.from(parts[5] ?? '', 'base64')).toHaveLength(32);
    expect(parts).toHaveLength(6);
  });

  it('accepts the clear and the MD5 form of the same password against one hash', async () => {
    const fromClear = await hashPassword('pässwörd', false);
    const fromMd5 = await hashPassword(md5('pässwörd').toUpperCase(), true);
    for (const stored of [fromClear, fromMd5]) {
      expect(await verifyPassword('pässwörd', false, stored)).toBe(true);
      expect(await verifyPassword(md5('pässwörd'), true, stored)).toBe(true);
      expect(await verifyPassword(md5('pässwörd').toUpperCase(), true, stored)).toBe(true);
    }
  });

  it('refuses a wrong password', async () => {
    const stored = await hashPassword('secret-1', false);
    expect(await verifyPassword('secret-2', false, stored)).toBe(false);
    expect(await verifyPassword(md5('secret-2'), true, stored)).toBe(false);
    // The MD5 text itself sent as a clear password is a different password.
    expect(await verifyPassword(md5('secret-1'), false, stored)).toBe(false);
  });

  it('salts: two hashes of the same password differ and both verify', async () => {
    const a = await hashPassword('same', false);
    const b = await hashPassword('same', false);
    expect(a).not.toBe(b);
    expect(await verifyPassword('same', false, a)).toBe(true);
    expect(await verifyPassword('same', false, b)).toBe(true);
  });

  it('returns false, never throws, for corrupted stored strings', async () => {
    const stored = await hashPassword('pw', false);
    const parts = stored.split('$');
    const hash = Buffer.from(parts[5] ?? '', 'base64');
    hash[0] = (hash[0] ?? 0) ^ 1;
    const corrupted = [
      '',
      'garbage',
      stored.slice(0, -4),
      stored.replace('scrypt$', 'bcrypt$'),
      [...parts.slice(0, 5), hash.toString('base64')].join('$'),
      stored.replace('$16384$', '$16383$'),
      stored.replace('$16384$', '$1073741824$'),
      stored.replace('$16384$8$', '$16384$99999$'),
      stored.replace('$8$1$', '$8$1000$'),
      stored.replace('$16384$', '$-16384$'),
      `${stored}$extra`,
      stored.replace(/\$[^$]+$/, '$!!!!'),
      null as unknown as string,
    ];
    for (const bad of corrupted) {
      await expect(verifyPassword('pw', false, bad), String(bad)).resolves.toBe(false);
    }
    expect(await verifyPassword('pw', false, stored)).toBe(true);
  });

  it('honours the parameters written in the stored string', async () => {
    const stored = await hashPassword('pw', false);
    // Re-hash with N=1024 by hand: a row written with other parameters still verifies.
    const { scryptSync } = await import('node:crypto');
    const salt = Buffer.alloc(16, 7);
    const key = scryptSync(md5('pw'), salt, 32, { N: 1024, r: 8, p: 1 });
    const other = `scrypt$1024$8$1$${salt.toString('base64')}$${key.toString('base64')}`;
    expect(await verifyPassword('pw', false, other)).toBe(true);
    expect(await verifyPassword('pw!', false, other)).toBe(false);
    expect(stored.startsWith('scrypt$16384$')).toBe(true);
  });

  it('refuses empty, oversized and malformed-MD5 passwords with INVALID_PARAM', async () => {
    expect(await rejectionCode(hashPassword('', false))).toBe(ErrorCode.INVALID_PARAM);
    expect(await rejectionCode(hashPassword('x'.repeat(PASSWORD_MAX_BYTES + 1), false))).toBe(
      ErrorCode.INVALID_PARAM,
    );
    // 1024 bytes is the limit in UTF-8 bytes, not characters.
    expect(await rejectionCode(hashPassword('é'.repeat(513), false))).toBe(ErrorCode.INVALID_PARAM);
    expect(await rejectionCode(hashPassword('x'.repeat(PASSWORD_MAX_BYTES), false))).toBe(
      undefined,
    );
    expect(await rejectionCode(hashPassword('not-an-md5', true))).toBe(ErrorCode.INVALID_PARAM);
    expect(await rejectionCode(hashPassword(`${md5('a').slice(0, 31)}z`, true))).toBe(
      ErrorCode.INVALID_PARAM,
    );
  });

  it('verifyPassword answers false for unusable passwords instead of throwing', async () => {
    const stored = await hashPassword('pw', false);
    expect(await verifyPassword('', false, stored)).toBe(false);
    expect(await verifyPassword('x'.repeat(PASSWORD_MAX_BYTES + 1), false, stored)).toBe(false);
    expect(await verifyPassword('pw', true, stored)).toBe(false);
  });
});
