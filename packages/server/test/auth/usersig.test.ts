import { createHmac } from 'node:crypto';
import { deflateRawSync, deflateSync, inflateSync } from 'node:zlib';
import { Api } from 'tls-sig-api-v2';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { genUserSig, verifyUserSig } from '../../src/auth/usersig.js';
import { ErrorCode } from '../../src/errors.js';
import { refusal, refusalCode } from './refusal.js';

const SDK_APP_ID = 1400000000;
const KEY = '5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e';
const OTHER_KEY = '0000000000000000000000000000000000000000000000000000000000000000';
const DAY_SEC = 86400;

/** tim.md §1.5 test vector. */
const VECTOR = {
  userId: 'xiaojun',
  timeSec: 1700000000,
  expireSec: 15552000,
  hmac: 'LvA7d/Iw7gSsnskvVzBDPOCCDbuNCw4GHwTC0bip+B4=',
  json: '{"TLS.ver":"2.0","TLS.identifier":"xiaojun","TLS.sdkappid":1400000000,"TLS.time":1700000000,"TLS.expire":15552000,"TLS.sig":"LvA7d/Iw7gSsnskvVzBDPOCCDbuNCw4GHwTC0bip+B4="}',
  userSig:
    'eJyrVgrxCdYrSy1SslIy0jNQ0gHzM1NS80oy0zLBwhWZiflZpXlQqeKU7MSCgswUJStDEwMogMiUZOamKlkZmqOKplYUZBaBxE1NTY3gosWZ6UpWSj5ljuYp*p7l5unBxXnF2WVhVU4uAf7Ozi5JpX7O5SbuHuUhzgZJmQXaTia2SrUAohcx8g__',
};

/** Test-side decoder (independent of the module under test): Tencent base64 → JSON text. */
function decodeToJson(userSig: string): string {
  const base64 = userSig.replace(/\*/g, '+').replace(/-/g, '/').replace(/_/g, '=');
  return inflateSync(Buffer.from(base64, 'base64')).toString('utf8');
}

/** Test-side encoder: any JSON text → UserSig, to build hand-made documents. */
function encodeJson(json: string, deflate: (input: Buffer) => Buffer = deflateSync): string {
  return deflate(Buffer.from(json, 'utf8'))
    .toString('base64')
    .replace(/\+/g, '*')
    .replace(/\//g, '-')
    .replace(/=/g, '_');
}

/** HMAC over the documented line format, computed here independently of the module. */
function signLines(lines: string, key = KEY): string {
  return createHmac('sha256', key).update(lines).digest('base64');
}

/** A correctly signed document with the given fields, for shape tests. */
function signedDoc(fields: {
  id?: string;
  appId?: number | string;
  time?: number;
  expire?: number;
  userbuf?: string;
}): Record<string, unknown> {
  const id = fields.id ?? 'alice';
  const appId = fields.appId ?? SDK_APP_ID;
  const time = fields.time ?? VECTOR.timeSec;
  const expire = fields.expire ?? DAY_SEC;
  let lines = `TLS.identifier:${id}\nTLS.sdkappid:${appId}\nTLS.time:${time}\nTLS.expire:${expire}\n`;
  if (fields.userbuf !== undefined) lines += `TLS.userbuf:${fields.userbuf}\n`;
  const doc: Record<string, unknown> = {
    'TLS.ver': '2.0',
    'TLS.identifier': id,
    'TLS.sdkappid': appId,
    'TLS.time': time,
    'TLS.expire': expire,
  };
  if (fields.userbuf !== undefined) doc['TLS.userbuf'] = fields.userbuf;
  doc['TLS.sig'] = signLines(lines);
  return doc;
}

const AT_VECTOR_TIME = VECTOR.timeSec * 1000 + 5000;

function verifyAlice(userSig: string, nowMs = AT_VECTOR_TIME): number | undefined {
  return refusalCode(() =>
    verifyUserSig(userSig, { sdkAppId: SDK_APP_ID, secretKey: KEY, userId: 'alice', nowMs }),
  );
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the tim.md §1.5 vector', () => {
  it('is reproduced byte for byte by genUserSig', () => {
    const userSig = genUserSig({
      sdkAppId: SDK_APP_ID,
      secretKey: KEY,
      userId: VECTOR.userId,
      expireSec: VECTOR.expireSec,
      nowMs: VECTOR.timeSec * 1000 + 999,
    });
    expect(decodeToJson(userSig)).toBe(VECTOR.json);
    expect(userSig).toBe(VECTOR.userSig);
  });

  it('verifies, and reports its validity period', () => {
    const result = verifyUserSig(VECTOR.userSig, {
      sdkAppId: SDK_APP_ID,
      secretKey: KEY,
      userId: VECTOR.userId,
      nowMs: AT_VECTOR_TIME,
    });
    expect(result).toEqual({
      userId: 'xiaojun',
      sdkAppId: SDK_APP_ID,
      issuedAtMs: 1700000000000,
      expiresAtMs: (1700000000 + 15552000) * 1000,
    });
  });

  it('expires exactly at (time + expire) seconds', () => {
    const expiresAtMs = (VECTOR.timeSec + VECTOR.expireSec) * 1000;
    const opts = { sdkAppId: SDK_APP_ID, secretKey: KEY, userId: VECTOR.userId };
    expect(
      refusalCode(() => verifyUserSig(VECTOR.userSig, { ...opts, nowMs: expiresAtMs - 1 })),
    ).toBe(undefined);
    expect(refusalCode(() => verifyUserSig(VECTOR.userSig, { ...opts, nowMs: expiresAtMs }))).toBe(
      3003,
    );
  });

  it('has the documented HMAC (the signed text ends every line in \\n)', () => {
    const lines =
      'TLS.identifier:xiaojun\nTLS.sdkappid:1400000000\nTLS.time:1700000000\nTLS.expire:15552000\n';
    expect(signLines(lines)).toBe(VECTOR.hmac);
  });
});

describe('against the vendor package tls-sig-api-v2', () => {
  it('verifies a UserSig the vendor generated now', () => {
    const before = Date.now();
    const userSig = new Api(SDK_APP_ID, KEY).genUserSig('alice', DAY_SEC);
    const result = verifyUserSig(userSig, {
      sdkAppId: SDK_APP_ID,
      secretKey: KEY,
      userId: 'alice',
    });
    expect(result.userId).toBe('alice');
    expect(result.sdkAppId).toBe(SDK_APP_ID);
    expect(result.issuedAtMs).toBeLessThanOrEqual(Date.now());
    expect(result.issuedAtMs).toBeGreaterThan(before - 1000);
    expect(result.expiresAtMs - result.issuedAtMs).toBe(DAY_SEC * 1000);
  });

  it('refuses the vendor UserSig once expired with CREDENTIAL_EXPIRED (3003)', () => {
    const userSig = new Api(SDK_APP_ID, KEY).genUserSig('alice', 60);
    const { expiresAtMs } = verifyUserSig(userSig, {
      sdkAppId: SDK_APP_ID,
      secretKey: KEY,
      userId: 'alice',
    });
    const error = refusal(() =>
      verifyUserSig(userSig, {
        sdkAppId: SDK_APP_ID,
        secretKey: KEY,
        userId: 'alice',
        nowMs: expiresAtMs + 1,
      }),
    );
    expect(error.code).toBe(ErrorCode.CREDENTIAL_EXPIRED);
    expect(error.code).toBe(3003);
  });

  it('generates the same string as the vendor for the same second', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(1712345678901));
    const vendor = new Api(SDK_APP_ID, KEY).genUserSig('user_01-x', 7 * DAY_SEC);
    const ours = genUserSig({
      sdkAppId: SDK_APP_ID,
      secretKey: KEY,
      userId: 'user_01-x',
      expireSec: 7 * DAY_SEC,
    });
    expect(JSON.parse(decodeToJson(ours))).toEqual(JSON.parse(decodeToJson(vendor)));
    expect(decodeToJson(ours)).toBe(decodeToJson(vendor));
    expect(JSON.parse(decodeToJson(ours))['TLS.time']).toBe(1712345678);
    // Same Node, same zlib, same input: the compressed strings agree too.
    expect(ours).toBe(vendor);
    // An explicit nowMs gives the same result as the pinned clock.
    expect(
      genUserSig({
        sdkAppId: SDK_APP_ID,
        secretKey: KEY,
        userId: 'user_01-x',
        expireSec: 7 * DAY_SEC,
        nowMs: 1712345678000,
      }),
    ).toBe(vendor);
  });

  it('verifies a vendor UserSig carrying a userbuf, and refuses it once the userbuf is changed', () => {
    const userSig = new Api(SDK_APP_ID, KEY).genSig('alice', DAY_SEC, Buffer.from('room-42'));
    const doc = JSON.parse(decodeToJson(userSig)) as Record<string, unknown>;
    expect(doc['TLS.userbuf']).toBe(Buffer.from('room-42').toString('base64'));
    expect(
      refusalCode(() =>
        verifyUserSig(userSig, { sdkAppId: SDK_APP_ID, secretKey: KEY, userId: 'alice' }),
      ),
    ).toBe(undefined);

    const altered = encodeJson(
      JSON.stringify({ ...doc, 'TLS.userbuf': Buffer.from('room-43').toString('base64') }),
    );
    expect(
      refusalCode(() =>
        verifyUserSig(altered, { sdkAppId: SDK_APP_ID, secretKey: KEY, userId: 'alice' }),
      ),
    ).toBe(3002);
    const dropped = { ...doc };
    delete dropped['TLS.userbuf'];
    expect(
      refusalCode(() =>
        verifyUserSig(encodeJson(JSON.stringify(dropped)), {
          sdkAppId: SDK_APP_ID,
          secretKey: KEY,
          userId: 'alice',
        }),
      ),
    ).toBe(3002);
  });
});

describe('verifyUserSig refuses with SIGNATURE_INVALID (3002)', () => {
  const good = genUserSig({
    sdkAppId: SDK_APP_ID,
    secretKey: KEY,
    userId: 'alice',
    expireSec: DAY_SEC,
    nowMs: VECTOR.timeSec * 1000,
  });

  it('accepts the control sig used below', () => {
    expect(verifyAlice(good)).toBe(undefined);
  });

  it('a sig made with another key', () => {
    const other = genUserSig({
      sdkAppId: SDK_APP_ID,
      secretKey: OTHER_KEY,
      userId: 'alice',
      expireSec: DAY_SEC,
      nowMs: VECTOR.timeSec * 1000,
    });
    expect(verifyAlice(other)).toBe(ErrorCode.SIGNATURE_INVALID);
    expect(verifyAlice(other)).toBe(3002);
  });

  it('a sig verified with another key', () => {
    expect(
      refusalCode(() =>
        verifyUserSig(good, {
          sdkAppId: SDK_APP_ID,
          secretKey: OTHER_KEY,
          userId: 'alice',
          nowMs: AT_VECTOR_TIME,
        }),
      ),
    ).toBe(3002);
  });

  it('a sig of another app', () => {
    expect(
      refusalCode(() =>
        verifyUserSig(good, {
          sdkAppId: SDK_APP_ID + 1,
          secretKey: KEY,
          userId: 'alice',
          nowMs: AT_VECTOR_TIME,
        }),
      ),
    ).toBe(3002);
    // Even signed with this app's key, a document naming another app is refused.
    expect(verifyAlice(encodeJson(JSON.stringify(signedDoc({ appId: SDK_APP_ID + 1 }))))).toBe(
      3002,
    );
  });

  it("another user's sig", () => {
    const bobs = genUserSig({
      sdkAppId: SDK_APP_ID,
      secretKey: KEY,
      userId: 'bob',
      expireSec: DAY_SEC,
      nowMs: VECTOR.timeSec * 1000,
    });
    expect(verifyAlice(bobs)).toBe(3002);
    // Relabelling bob's document as alice's breaks the HMAC.
    const doc = JSON.parse(decodeToJson(bobs)) as Record<string, unknown>;
    expect(verifyAlice(encodeJson(JSON.stringify({ ...doc, 'TLS.identifier': 'alice' })))).toBe(
      3002,
    );
  });

  it('a sig with one character flipped', () => {
    const middle = Math.floor(good.length / 2);
    const flipped =
      good.slice(0, middle) + (good[middle] === 'A' ? 'B' : 'A') + good.slice(middle + 1);
    expect(flipped).not.toBe(good);
    expect(verifyAlice(flipped)).toBe(3002);
  });

  it('truncated input', () => {
    expect(verifyAlice(good.slice(0, good.length - 10))).toBe(3002);
    expect(verifyAlice(good.slice(0, 20))).toBe(3002);
    expect(verifyAlice(good.slice(0, 1))).toBe(3002);
  });

  it('garbage, an empty string and non-strings', () => {
    expect(verifyAlice('this is not a usersig!')).toBe(3002);
    expect(verifyAlice('eJyr')).toBe(3002);
    expect(verifyAlice('')).toBe(3002);
    expect(verifyAlice(null as unknown as string)).toBe(3002);
    expect(verifyAlice(42 as unknown as string)).toBe(3002);
    // Valid zlib of something that is not a JSON object.
    expect(verifyAlice(encodeJson('not json'))).toBe(3002);
    expect(verifyAlice(encodeJson('[1,2]'))).toBe(3002);
    expect(verifyAlice(encodeJson('null'))).toBe(3002);
  });

  it('a raw-deflate variant (no zlib header) of a valid document', () => {
    const rawDeflated = encodeJson(decodeToJson(good), deflateRawSync);
    expect(verifyAlice(rawDeflated)).toBe(3002);
  });

  it('a 1 MB input', () => {
    expect(verifyAlice(good + 'A'.repeat(1024 * 1024))).toBe(3002);
    expect(verifyAlice('A'.repeat(1024 * 1024))).toBe(3002);
  });

  it('a deflate bomb, even when the inflated document is genuinely signed', () => {
    // 200 KB of whitespace is valid JSON around a valid document; it compresses to well under
    // the 8 KB input cap, so only the inflate output cap refuses it.
    const json = JSON.stringify(signedDoc({}));
    const padded = `{${' '.repeat(200 * 1024)}${json.slice(1)}`;
    const bomb = encodeJson(padded);
    expect(bomb.length).toBeLessThan(8 * 1024);
    expect(verifyAlice(encodeJson(json))).toBe(undefined);
    expect(verifyAlice(bomb)).toBe(3002);
  });

  it('documents missing or mistyping a required field', () => {
    const doc = signedDoc({});
    const without = (field: string): string => {
      const copy = { ...doc };
      delete copy[field];
      return encodeJson(JSON.stringify(copy));
    };
    expect(verifyAlice(encodeJson(JSON.stringify(doc)))).toBe(undefined);
    for (const field of [
      'TLS.ver',
      'TLS.identifier',
      'TLS.sdkappid',
      'TLS.time',
      'TLS.expire',
      'TLS.sig',
    ]) {
      expect(verifyAlice(without(field)), field).toBe(3002);
    }
    expect(verifyAlice(encodeJson(JSON.stringify({ ...doc, 'TLS.ver': 2 })))).toBe(3002);
    expect(verifyAlice(encodeJson(JSON.stringify({ ...doc, 'TLS.sig': 12 })))).toBe(3002);
    expect(verifyAlice(encodeJson(JSON.stringify({ ...doc, 'TLS.sig': 'not base64!' })))).toBe(
      3002,
    );
    expect(verifyAlice(encodeJson(JSON.stringify(signedDoc({ time: -1 }))))).toBe(3002);
    expect(verifyAlice(encodeJson(JSON.stringify(signedDoc({ time: 1700000000.5 }))))).toBe(3002);
    expect(verifyAlice(encodeJson(JSON.stringify(signedDoc({ expire: -5 }))))).toBe(3002);
  });

  it('a genuine sig whose TLS.time is more than 24 h ahead', () => {
    const nowMs = VECTOR.timeSec * 1000;
    const inADay = genUserSig({
      sdkAppId: SDK_APP_ID,
      secretKey: KEY,
      userId: 'alice',
      expireSec: DAY_SEC,
      nowMs: nowMs + 23 * 3600 * 1000,
    });
    const inTwoDays = genUserSig({
      sdkAppId: SDK_APP_ID,
      secretKey: KEY,
      userId: 'alice',
      expireSec: DAY_SEC,
      nowMs: nowMs + 25 * 3600 * 1000,
    });
    expect(verifyAlice(inADay, nowMs)).toBe(undefined);
    expect(verifyAlice(inTwoDays, nowMs)).toBe(3002);
  });

  it('a forged sig as invalid, not expired, even long after its expiry', () => {
    const forged = genUserSig({
      sdkAppId: SDK_APP_ID,
      secretKey: OTHER_KEY,
      userId: 'alice',
      expireSec: 1,
      nowMs: 0,
    });
    expect(verifyAlice(forged)).toBe(3002);
  });

  it('without putting the key or the sig in the message', () => {
    const other = genUserSig({
      sdkAppId: SDK_APP_ID,
      secretKey: OTHER_KEY,
      userId: 'alice',
      expireSec: DAY_SEC,
      nowMs: VECTOR.timeSec * 1000,
    });
    const error = refusal(() =>
      verifyUserSig(other, {
        sdkAppId: SDK_APP_ID,
        secretKey: KEY,
        userId: 'alice',
        nowMs: AT_VECTOR_TIME,
      }),
    );
    const sig = (JSON.parse(decodeToJson(other)) as Record<string, string>)['TLS.sig'] ?? '';
    expect(sig.length).toBeGreaterThan(0);
    expect(error.message).not.toContain(KEY);
    expect(error.message).not.toContain(sig);
    expect(error.message).not.toContain(other.slice(0, 16));
  });
});

describe('verifyUserSig tolerates', () => {
  it('missing padding (the trailing _ that maps =) and extra padding', () => {
    expect(VECTOR.userSig.endsWith('__')).toBe(true);
    const opts = {
      sdkAppId: SDK_APP_ID,
      secretKey: KEY,
      userId: VECTOR.userId,
      nowMs: AT_VECTOR_TIME,
    };
    const stripped = VECTOR.userSig.replace(/_+$/, '');
    expect(verifyUserSig(stripped, opts).userId).toBe('xiaojun');
    expect(verifyUserSig(VECTOR.userSig.slice(0, -1), opts).userId).toBe('xiaojun');
    expect(verifyUserSig(`${VECTOR.userSig}_`, opts).userId).toBe('xiaojun');
  });

  it('TLS.sdkappid as a numeric string naming the same app', () => {
    expect(verifyAlice(encodeJson(JSON.stringify(signedDoc({ appId: String(SDK_APP_ID) }))))).toBe(
      undefined,
    );
  });
});

describe('genUserSig', () => {
  it('round-trips through verifyUserSig', () => {
    const userSig = genUserSig({
      sdkAppId: 20001234,
      secretKey: 'k',
      userId: 'u-1',
      expireSec: 100,
      nowMs: 5_000_400,
    });
    expect(
      verifyUserSig(userSig, {
        sdkAppId: 20001234,
        secretKey: 'k',
        userId: 'u-1',
        nowMs: 5_000_400,
      }),
    ).toEqual({
      userId: 'u-1',
      sdkAppId: 20001234,
      issuedAtMs: 5_000_000,
      expiresAtMs: 5_100_000,
    });
  });

  it('refuses bad parameters with INVALID_PARAM', () => {
    const base = { sdkAppId: SDK_APP_ID, secretKey: KEY, userId: 'alice', expireSec: 10 };
    expect(refusalCode(() => genUserSig({ ...base, secretKey: '' }))).toBe(ErrorCode.INVALID_PARAM);
    expect(refusalCode(() => genUserSig({ ...base, userId: '' }))).toBe(ErrorCode.INVALID_PARAM);
    expect(refusalCode(() => genUserSig({ ...base, userId: 'a\nTLS.sdkappid:1' }))).toBe(
      ErrorCode.INVALID_PARAM,
    );
    expect(refusalCode(() => genUserSig({ ...base, expireSec: -1 }))).toBe(ErrorCode.INVALID_PARAM);
    expect(refusalCode(() => genUserSig({ ...base, sdkAppId: 1.5 }))).toBe(ErrorCode.INVALID_PARAM);
  });
});

describe('verifyUserSig configuration errors', () => {
  it('refuses to verify with an empty secret key', () => {
    expect(
      refusalCode(() =>
        verifyUserSig(VECTOR.userSig, { sdkAppId: SDK_APP_ID, secretKey: '', userId: 'xiaojun' }),
      ),
    ).toBe(ErrorCode.INTERNAL);
  });
});
