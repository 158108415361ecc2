import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { maxleapSign, verifyMaxleapSign } from '../../src/auth/maxleap.js';
import { ErrorCode } from '../../src/errors.js';
import { refusal, refusalCode } from './refusal.js';

const KEYS = { client: 'client-key', javascript: 'js-key', rest: 'rest-key', master: 'master-key' };
const T = 1700000000123;
const UNLIMITED = { maxAgeSec: 0, nowMs: T };

describe('maxleapSign', () => {
  it('is md5(timestamp + key) in lowercase hex, a comma, and the timestamp', () => {
    const md5 = createHash('md5').update('1700000000123client-key').digest('hex');
    expect(maxleapSign('client-key', T)).toBe(`${md5},1700000000123`);
    expect(maxleapSign('client-key', T)).toMatch(/^[0-9a-f]{32},1700000000123$/);
  });

  it('refuses a timestamp that is not a non-negative integer', () => {
    expect(refusalCode(() => maxleapSign('k', 1.5))).toBe(ErrorCode.INVALID_PARAM);
    expect(refusalCode(() => maxleapSign('k', -1))).toBe(ErrorCode.INVALID_PARAM);
  });
});

describe('verifyMaxleapSign', () => {
  it('reports which key type signed', () => {
    expect(verifyMaxleapSign(maxleapSign(KEYS.client, T), KEYS, UNLIMITED)).toBe('client');
    expect(verifyMaxleapSign(maxleapSign(KEYS.javascript, T), KEYS, UNLIMITED)).toBe('javascript');
    expect(verifyMaxleapSign(maxleapSign(KEYS.rest, T), KEYS, UNLIMITED)).toBe('rest');
    expect(verifyMaxleapSign(maxleapSign(KEYS.master, T), KEYS, UNLIMITED)).toBe('master');
  });

  it('accepts upper-case hex', () => {
    const [digest, timestamp] = maxleapSign(KEYS.rest, T).split(',');
    expect(verifyMaxleapSign(`${digest?.toUpperCase()},${timestamp}`, KEYS, UNLIMITED)).toBe(
      'rest',
    );
  });

  it('hashes the timestamp digits as sent', () => {
    const md5 = createHash('md5').update('01700000000123client-key').digest('hex');
    expect(verifyMaxleapSign(`${md5},01700000000123`, KEYS, UNLIMITED)).toBe('client');
  });

  it('ignores keys that are not configured', () => {
    const sign = maxleapSign(KEYS.master, T);
    expect(refusalCode(() => verifyMaxleapSign(sign, { client: KEYS.client }, UNLIMITED))).toBe(
      ErrorCode.SIGNATURE_INVALID,
    );
    expect(verifyMaxleapSign(sign, { master: KEYS.master }, UNLIMITED)).toBe('master');
    // An empty key must not match a sign computed with the empty string.
    expect(
      refusalCode(() =>
        verifyMaxleapSign(maxleapSign('', T), { client: '', master: 'm' }, UNLIMITED),
      ),
    ).toBe(3002);
    expect(refusalCode(() => verifyMaxleapSign(maxleapSign('', T), {}, UNLIMITED))).toBe(3002);
  });

  it('picks the least privileged type when two types share a key', () => {
    const keys = { rest: 'same', master: 'same' };
    expect(verifyMaxleapSign(maxleapSign('same', T), keys, UNLIMITED)).toBe('rest');
  });

  it('refuses a sign made with no configured key', () => {
    expect(refusalCode(() => verifyMaxleapSign(maxleapSign('stranger', T), KEYS, UNLIMITED))).toBe(
      3002,
    );
    // The right digest paired with another timestamp.
    const [digest] = maxleapSign(KEYS.client, T).split(',');
    expect(refusalCode(() => verifyMaxleapSign(`${digest},${T + 1}`, KEYS, UNLIMITED))).toBe(3002);
  });

  it('refuses malformed signs', () => {
    const good = maxleapSign(KEYS.client, T);
    const malformed = [
      '',
      'garbage',
      good.replace(',', ''),
      good.replace(',', ';'),
      `${good},1`,
      `${good}x`,
      ` ${good}`,
      `${good.slice(1)}`,
      `${'g'.repeat(32)},${T}`,
      `${good.split(',')[0]},`,
      `${good.split(',')[0]},-5`,
      `${good.split(',')[0]},1.5`,
      `${good.split(',')[0]},${'1'.repeat(17)}`,
      'a'.repeat(100_000),
    ];
    for (const sign of malformed) {
      expect(
        refusalCode(() => verifyMaxleapSign(sign, KEYS, UNLIMITED)),
        sign.slice(0, 50),
      ).toBe(3002);
    }
    expect(
      refusalCode(() => verifyMaxleapSign(undefined as unknown as string, KEYS, UNLIMITED)),
    ).toBe(3002);
  });

  it('enforces maxAgeSec when positive, in both directions, and not when 0', () => {
    const sign = maxleapSign(KEYS.client, T);
    const at = (nowMs: number, maxAgeSec: number) =>
      refusalCode(() => verifyMaxleapSign(sign, KEYS, { maxAgeSec, nowMs }));
    expect(at(T + 60_000, 60)).toBe(undefined);
    expect(at(T + 60_001, 60)).toBe(ErrorCode.CREDENTIAL_EXPIRED);
    expect(at(T - 60_001, 60)).toBe(3003);
    expect(at(T + 10 * 365 * 86_400_000, 0)).toBe(undefined);
  });

  it('reports a forged old sign as invalid, not expired', () => {
    const forged = maxleapSign('stranger', 1000);
    expect(refusalCode(() => verifyMaxleapSign(forged, KEYS, { maxAgeSec: 60, nowMs: T }))).toBe(
      3002,
    );
  });

  it('never puts a key or the sign in the message', () => {
    const sign = maxleapSign('stranger', T);
    const error = refusal(() => verifyMaxleapSign(sign, KEYS, UNLIMITED));
    expect(error.message).not.toContain(sign.split(',')[0] ?? 'x');
    for (const key of Object.values(KEYS)) expect(error.message).not.toContain(key);
  });
});
