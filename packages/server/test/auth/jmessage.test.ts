import { describe, expect, it } from 'vitest';
import {
  jmessageNonceKey,
  jmessageSignature,
  verifyJmessageSignature,
} from '../../src/auth/jmessage.js';
import { ErrorCode } from '../../src/errors.js';
import { refusal, refusalCode } from './refusal.js';

/** jmessage.md's example. */
const APPKEY = '25b693b31d2c2ad5f072ef0c';
const SECRET = 'bc2efab258f2019727a4f36l';
const TIMESTAMP = 1507791639926;
const RANDOM = '022cd9fd995849b';
const EXPECTED = '5d59c510eaeddb178c591226438d97ba';

const POLICY = {
  masterSecret: SECRET,
  windowSec: 600,
  enforceRandomStrLength: false,
  nowMs: TIMESTAMP,
};

function payload(
  overrides: Partial<{
    appkey: string;
    timestamp: number;
    randomStr: string;
    signature: string;
  }> = {},
) {
  return {
    appkey: APPKEY,
    timestamp: TIMESTAMP,
    randomStr: RANDOM,
    signature: EXPECTED,
    ...overrides,
  };
}

describe('jmessageSignature', () => {
  it('matches the documented vector', () => {
    expect(jmessageSignature(APPKEY, TIMESTAMP, RANDOM, SECRET)).toBe(EXPECTED);
    expect(jmessageSignature(APPKEY, String(TIMESTAMP), RANDOM, SECRET)).toBe(EXPECTED);
  });

  it('depends on every field', () => {
    expect(jmessageSignature(APPKEY, TIMESTAMP + 1, RANDOM, SECRET)).not.toBe(EXPECTED);
    expect(jmessageSignature(APPKEY, TIMESTAMP, `${RANDOM}x`, SECRET)).not.toBe(EXPECTED);
    expect(jmessageSignature(`${APPKEY}x`, TIMESTAMP, RANDOM, SECRET)).not.toBe(EXPECTED);
    expect(jmessageSignature(APPKEY, TIMESTAMP, RANDOM, `${SECRET}x`)).not.toBe(EXPECTED);
  });
});

describe('verifyJmessageSignature', () => {
  it('accepts the documented vector, in lower and upper case', () => {
    expect(refusalCode(() => verifyJmessageSignature(payload(), POLICY))).toBe(undefined);
    expect(
      refusalCode(() =>
        verifyJmessageSignature(payload({ signature: EXPECTED.toUpperCase() }), POLICY),
      ),
    ).toBe(undefined);
  });

  it('refuses a signature made with another secret', () => {
    const forged = jmessageSignature(APPKEY, TIMESTAMP, RANDOM, 'another-secret');
    expect(refusalCode(() => verifyJmessageSignature(payload({ signature: forged }), POLICY))).toBe(
      ErrorCode.SIGNATURE_INVALID,
    );
    expect(
      refusalCode(() =>
        verifyJmessageSignature(payload(), { ...POLICY, masterSecret: 'another-secret' }),
      ),
    ).toBe(3002);
  });

  it('refuses a valid signature presented with a changed field', () => {
    expect(
      refusalCode(() => verifyJmessageSignature(payload({ randomStr: `${RANDOM}0` }), POLICY)),
    ).toBe(3002);
    expect(
      refusalCode(() => verifyJmessageSignature(payload({ timestamp: TIMESTAMP + 1 }), POLICY)),
    ).toBe(3002);
  });

  it('refuses signatures that are not 32 hex characters', () => {
    for (const signature of [
      '',
      'xyz',
      `${EXPECTED}0`,
      EXPECTED.slice(0, 31),
      `${EXPECTED.slice(0, 31)}g`,
    ]) {
      expect(
        refusalCode(() => verifyJmessageSignature(payload({ signature }), POLICY)),
        signature,
      ).toBe(3002);
    }
  });

  it('refuses expired and future-skewed timestamps, with the window inclusive', () => {
    const windowMs = POLICY.windowSec * 1000;
    const at = (nowMs: number) =>
      refusalCode(() => verifyJmessageSignature(payload(), { ...POLICY, nowMs }));
    expect(at(TIMESTAMP + windowMs)).toBe(undefined);
    expect(at(TIMESTAMP - windowMs)).toBe(undefined);
    expect(at(TIMESTAMP + windowMs + 1)).toBe(ErrorCode.CREDENTIAL_EXPIRED);
    // "now" is before the timestamp: the client's clock runs ahead beyond the window.
    expect(at(TIMESTAMP - windowMs - 1)).toBe(3003);
  });

  it('reports a forged, stale payload as invalid rather than expired', () => {
    const forged = jmessageSignature(APPKEY, TIMESTAMP, RANDOM, 'another-secret');
    expect(
      refusalCode(() =>
        verifyJmessageSignature(payload({ signature: forged }), {
          ...POLICY,
          nowMs: TIMESTAMP * 2,
        }),
      ),
    ).toBe(3002);
  });

  it('bounds random_str to 1–64 characters, or 20–36 when enforced', () => {
    const signed = (randomStr: string) =>
      payload({ randomStr, signature: jmessageSignature(APPKEY, TIMESTAMP, randomStr, SECRET) });
    const loose = (randomStr: string) =>
      refusalCode(() => verifyJmessageSignature(signed(randomStr), POLICY));
    const strict = (randomStr: string) =>
      refusalCode(() =>
        verifyJmessageSignature(signed(randomStr), { ...POLICY, enforceRandomStrLength: true }),
      );

    expect(loose('a')).toBe(undefined);
    expect(loose('a'.repeat(64))).toBe(undefined);
    expect(loose('')).toBe(ErrorCode.INVALID_PARAM);
    expect(loose('a'.repeat(65))).toBe(ErrorCode.INVALID_PARAM);

    expect(strict('a'.repeat(20))).toBe(undefined);
    expect(strict('a'.repeat(36))).toBe(undefined);
    expect(strict(RANDOM)).toBe(ErrorCode.INVALID_PARAM);
    expect(strict('a'.repeat(19))).toBe(ErrorCode.INVALID_PARAM);
    expect(strict('a'.repeat(37))).toBe(ErrorCode.INVALID_PARAM);
  });

  it('refuses a malformed appkey or timestamp with INVALID_PARAM', () => {
    expect(refusalCode(() => verifyJmessageSignature(payload({ appkey: '' }), POLICY))).toBe(
      ErrorCode.INVALID_PARAM,
    );
    expect(refusalCode(() => verifyJmessageSignature(payload({ timestamp: 1.5 }), POLICY))).toBe(
      ErrorCode.INVALID_PARAM,
    );
    expect(
      refusalCode(() =>
        verifyJmessageSignature(
          payload({ timestamp: '1507791639926' as unknown as number }),
          POLICY,
        ),
      ),
    ).toBe(ErrorCode.INVALID_PARAM);
  });

  it('never puts the secret or the signature in the message', () => {
    const error = refusal(() =>
      verifyJmessageSignature(payload(), { ...POLICY, masterSecret: 'another-secret' }),
    );
    expect(error.message).not.toContain(EXPECTED);
    expect(error.message).not.toContain('another-secret');
    expect(error.message).not.toContain(SECRET);
  });

  it('refuses to run with an empty master secret', () => {
    expect(
      refusalCode(() => verifyJmessageSignature(payload(), { ...POLICY, masterSecret: '' })),
    ).toBe(ErrorCode.INTERNAL);
  });
});

describe('jmessageNonceKey', () => {
  it('differs per app and per random_str, and does not collide across the separator', () => {
    const keys = new Set([
      jmessageNonceKey(APPKEY, RANDOM),
      jmessageNonceKey('other', RANDOM),
      jmessageNonceKey(APPKEY, `${RANDOM}x`),
      jmessageNonceKey('a:b', 'c'),
      jmessageNonceKey('a', 'b:c'),
    ]);
    expect(keys.size).toBe(5);
    expect(jmessageNonceKey(APPKEY, RANDOM)).toBe(jmessageNonceKey(APPKEY, RANDOM));
  });
});
