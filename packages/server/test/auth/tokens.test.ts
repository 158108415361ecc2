import { describe, expect, it } from 'vitest';
import { issueToken, peekTokenApp, type TokenKind, verifyToken } from '../../src/auth/tokens.js';
import { ErrorCode } from '../../src/errors.js';
import { refusal, refusalCode } from './refusal.js';

const SECRET = 'app-1-token-secret';
const T = 1700000000000;

function issue(kind: TokenKind = 'native', extra: { platform?: number; ttlSec?: number } = {}) {
  return issueToken(
    {
      appId: 'app-1',
      userId: 'alice',
      kind,
      ttlSec: extra.ttlSec ?? 3600,
      nowMs: T,
      ...(extra.platform === undefined ? {} : { platform: extra.platform }),
    },
    SECRET,
  );
}

/** Re-encodes the payload part of a token (keeping its MAC) with `edit` applied. */
function withPayload(token: string, edit: (payload: Record<string, unknown>) => void): string {
  const [prefix, payloadPart, mac] = token.split('.');
  const payload = JSON.parse(
    Buffer.from(payloadPart ?? '', 'base64url').toString('utf8'),
  ) as Record<string, unknown>;
  edit(payload);
  return `${prefix}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${mac}`;
}

const VERIFY = { kind: 'native' as const, appId: 'app-1', nowMs: T + 1000 };

describe('issueToken / verifyToken', () => {
  it('round-trips the claims', () => {
    const issued = issue('openim', { platform: 5 });
    expect(issued.token).toMatch(/^pt1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(issued.expiresAt).toBe(T + 3600_000);
    expect(Buffer.from(issued.tokenId, 'base64url')).toHaveLength(16);
    expect(verifyToken(issued.token, SECRET, { ...VERIFY, kind: 'openim' })).toEqual({
      appId: 'app-1',
      userId: 'alice',
      kind: 'openim',
      expiresAt: T + 3600_000,
      issuedAt: T,
      tokenId: issued.tokenId,
      platform: 5,
    });
    const plain = verifyToken(issue().token, SECRET, VERIFY);
    expect('platform' in plain).toBe(false);
  });

  it('gives every token a fresh id', () => {
    expect(issue().tokenId).not.toBe(issue().tokenId);
    expect(issue().token).not.toBe(issue().token);
  });

  it('refuses a tampered payload', () => {
    const { token } = issue();
    const asBob = withPayload(token, (p) => {
      p.u = 'bob';
    });
    const longer = withPayload(token, (p) => {
      p.e = T + 10 * 365 * 86_400_000;
    });
    expect(refusalCode(() => verifyToken(asBob, SECRET, VERIFY))).toBe(ErrorCode.SIGNATURE_INVALID);
    expect(refusalCode(() => verifyToken(longer, SECRET, VERIFY))).toBe(3002);
  });

  it('refuses a tampered MAC', () => {
    const { token } = issue();
    const last = token.at(-1) === 'A' ? 'B' : 'A';
    expect(refusalCode(() => verifyToken(token.slice(0, -1) + last, SECRET, VERIFY))).toBe(3002);
    expect(refusalCode(() => verifyToken(token.slice(0, -1), SECRET, VERIFY))).toBe(3002);
    expect(refusalCode(() => verifyToken(`${token}A`, SECRET, VERIFY))).toBe(3002);
  });

  it('refuses a token of another kind', () => {
    const { token } = issue('openim');
    expect(refusalCode(() => verifyToken(token, SECRET, { ...VERIFY, kind: 'hummer' }))).toBe(3002);
    expect(refusalCode(() => verifyToken(token, SECRET, { ...VERIFY, kind: 'openim' }))).toBe(
      undefined,
    );
    expect(refusalCode(() => verifyToken(issue('upload').token, SECRET, VERIFY))).toBe(3002);
  });

  it("refuses another app's token: other secret, or the same secret but another app id", () => {
    const other = issueToken(
      { appId: 'app-2', userId: 'alice', kind: 'native', ttlSec: 60, nowMs: T },
      'app-2-secret',
    );
    expect(refusalCode(() => verifyToken(other.token, SECRET, VERIFY))).toBe(3002);
    expect(refusalCode(() => verifyToken(other.token, SECRET, { ...VERIFY, appId: 'app-2' }))).toBe(
      3002,
    );
    const sameSecret = issueToken(
      { appId: 'app-2', userId: 'alice', kind: 'native', ttlSec: 60, nowMs: T },
      SECRET,
    );
    expect(refusalCode(() => verifyToken(sameSecret.token, SECRET, VERIFY))).toBe(3002);
  });

  it('refuses an expired token with CREDENTIAL_EXPIRED, from expiresAt on', () => {
    const { token, expiresAt } = issue('native', { ttlSec: 60 });
    expect(refusalCode(() => verifyToken(token, SECRET, { ...VERIFY, nowMs: expiresAt - 1 }))).toBe(
      undefined,
    );
    expect(refusalCode(() => verifyToken(token, SECRET, { ...VERIFY, nowMs: expiresAt }))).toBe(
      ErrorCode.CREDENTIAL_EXPIRED,
    );
    expect(refusalCode(() => verifyToken(token, 'wrong', { ...VERIFY, nowMs: expiresAt }))).toBe(
      3002,
    );
  });

  it('refuses garbage', () => {
    const { token } = issue();
    const garbage = [
      '',
      'garbage',
      'pt1..',
      'pt1.a.b',
      `pt2${token.slice(3)}`,
      token.replace('.', '..'),
      `${token}.x`,
      token.replace(/\.[^.]+$/, '.!!!'),
      `pt1.${'A'.repeat(5000)}.${'A'.repeat(43)}`,
    ];
    for (const value of garbage) {
      expect(
        refusalCode(() => verifyToken(value, SECRET, VERIFY)),
        value.slice(0, 40),
      ).toBe(3002);
    }
    expect(refusalCode(() => verifyToken(42 as unknown as string, SECRET, VERIFY))).toBe(3002);
  });

  it('keeps the token and secret out of messages', () => {
    const { token } = issue();
    const error = refusal(() => verifyToken(token, 'wrong-secret', VERIFY));
    expect(error.message).not.toContain(token.split('.')[2] ?? 'x');
    expect(error.message).not.toContain('wrong-secret');
    expect(error.message).not.toContain(SECRET);
  });

  it('refuses an empty secret and bad claims', () => {
    expect(
      refusalCode(() => issueToken({ appId: 'a', userId: 'u', kind: 'native', ttlSec: 1 }, '')),
    ).toBe(ErrorCode.INTERNAL);
    expect(refusalCode(() => verifyToken(issue().token, '', VERIFY))).toBe(ErrorCode.INTERNAL);
    expect(
      refusalCode(() => issueToken({ appId: '', userId: 'u', kind: 'native', ttlSec: 1 }, SECRET)),
    ).toBe(ErrorCode.INVALID_PARAM);
    expect(
      refusalCode(() =>
        issueToken({ appId: 'a', userId: 'u', kind: 'bogus' as TokenKind, ttlSec: 1 }, SECRET),
      ),
    ).toBe(ErrorCode.INVALID_PARAM);
    expect(
      refusalCode(() => issueToken({ appId: 'a', userId: 'u', kind: 'native', ttlSec: 0 }, SECRET)),
    ).toBe(ErrorCode.INVALID_PARAM);
  });
});

describe('peekTokenApp', () => {
  it('returns the unverified app claim', () => {
    expect(peekTokenApp(issue().token)).toBe('app-1');
    // Unverified: a forged token still reports its claim, which is why it only selects a secret.
    expect(
      peekTokenApp(
        withPayload(issue().token, (p) => {
          p.a = 'app-9';
        }),
      ),
    ).toBe('app-9');
  });

  it('returns undefined, never throws, for anything malformed', () => {
    for (const value of [
      '',
      'x',
      'pt1.x.y',
      'pt1.!!.y',
      `pt1.${Buffer.from('[1]').toString('base64url')}.y`,
      `pt1.${Buffer.from('{"a":3}').toString('base64url')}.y`,
      `pt1.${'A'.repeat(5000)}.y`,
    ]) {
      expect(peekTokenApp(value), value.slice(0, 30)).toBe(undefined);
    }
    expect(peekTokenApp(undefined as unknown as string)).toBe(undefined);
    expect(peekTokenApp({} as unknown as string)).toBe(undefined);
  });
});
