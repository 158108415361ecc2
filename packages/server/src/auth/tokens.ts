import { createHmac, randomBytes } from 'node:crypto';
import { ErrorCode, invalidParam, ServerError } from '../errors.js';
import { stringsEqual } from './digest.js';

/**
 * Server-issued bearer tokens: native Parley tokens, OpenIM tokens, Hummer tokens, upload
 * tokens and app-proof tickets. Format: `pt1.<base64url(JSON payload)>.<base64url(HMAC-SHA256(secret, "pt1." + payload part))>`.
 * Tokens are stateless; revocation (by `tokenId`) is the caller's business.
 */

/** What a token may be used for. A token of one kind is never accepted as another. */
export type TokenKind = 'native' | 'openim' | 'hummer' | 'upload' | 'proof';

const TOKEN_KINDS: ReadonlySet<string> = new Set<TokenKind>([
  'native',
  'openim',
  'hummer',
  'upload',
  // An app-level proof ticket (`conn.hello`): `userId` names the proof it stands for.
  'proof',
]);

/** Longest token text accepted. */
export const TOKEN_MAX_CHARS = 4 * 1024;

const PREFIX = 'pt1';
const TOKEN_ID_BYTES = 16;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** Claims of {@link issueToken}. */
export interface TokenClaims {
  appId: string;
  userId: string;
  kind: TokenKind;
  /** Lifetime in seconds. */
  ttlSec: number;
  /** Client platform code, when the protocol has one (OpenIM `platformID`). */
  platform?: number;
  /** Issue time; default `Date.now()`. */
  nowMs?: number;
}

/** A freshly issued token. */
export interface IssuedToken {
  token: string;
  /** Random id, unique per token; the handle for revocation lists. */
  tokenId: string;
  /** Expiry in milliseconds since the epoch. */
  expiresAt: number;
}

/** What {@link verifyToken} requires of a token besides its MAC. */
export interface VerifyTokenOptions {
  kind: TokenKind;
  appId: string;
  /** The current time; default `Date.now()`. */
  nowMs?: number;
}

/** The claims of a verified token. */
export interface VerifiedToken {
  appId: string;
  userId: string;
  kind: TokenKind;
  /** Milliseconds since the epoch. */
  expiresAt: number;
  /** Milliseconds since the epoch. */
  issuedAt: number;
  tokenId: string;
  platform?: number;
}

/** The JSON payload. Short keys because the token travels in every HTTP request. */
interface TokenPayload {
  a: string;
  u: string;
  k: TokenKind;
  e: number;
  i: number;
  j: string;
  p?: number;
}

function mac(secret: string, payloadPart: string): string {
  return createHmac('sha256', Buffer.from(secret, 'utf8'))
    .update(`${PREFIX}.${payloadPart}`, 'utf8')
    .digest('base64url');
}

function requireSecret(secret: string): void {
  if (typeof secret !== 'string' || secret.length === 0) {
    // An empty key would make every token forgeable; this is a deployment error, not a refusal.
    throw new ServerError(ErrorCode.INTERNAL, 'the token secret is not configured');
  }
}

function isNonNegativeSafeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/**
 * Issues a token.
 *
 * @param claims - App, user, kind, lifetime, optional platform and issue time.
 * @param secret - The signing secret.
 * @returns The token, its id and its expiry.
 * @throws {@link ServerError} `INVALID_PARAM` when `appId` or `userId` is empty, `kind` is not a
 *   {@link TokenKind}, `ttlSec` is not a positive number, `platform` is not a safe integer, or
 *   `nowMs` is not a non-negative finite number.
 * @throws {@link ServerError} `INTERNAL` when `secret` is empty.
 */
export function issueToken(claims: TokenClaims, secret: string): IssuedToken {
  requireSecret(secret);
  const { appId, userId, kind, ttlSec, platform } = claims;
  const nowMs = Math.floor(claims.nowMs ?? Date.now());
  if (typeof appId !== 'string' || appId.length === 0) {
    throw invalidParam('appId', 'must be a non-empty string');
  }
  if (typeof userId !== 'string' || userId.length === 0) {
    throw invalidParam('userId', 'must be a non-empty string');
  }
  if (!TOKEN_KINDS.has(kind)) throw invalidParam('kind', 'is not a token kind');
  if (typeof ttlSec !== 'number' || !Number.isFinite(ttlSec) || ttlSec <= 0) {
    throw invalidParam('ttlSec', 'must be a positive number');
  }
  if (platform !== undefined && !Number.isSafeInteger(platform)) {
    throw invalidParam('platform', 'must be an integer');
  }
  if (!isNonNegativeSafeInteger(nowMs)) {
    throw invalidParam('nowMs', 'must be a non-negative finite number');
  }
  const expiresAt = nowMs + Math.round(ttlSec * 1000);
  if (!Number.isSafeInteger(expiresAt)) throw invalidParam('ttlSec', 'is too large');
  const tokenId = randomBytes(TOKEN_ID_BYTES).toString('base64url');
  const payload: TokenPayload = {
    a: appId,
    u: userId,
    k: kind,
    e: expiresAt,
    i: nowMs,
    j: tokenId,
  };
  if (platform !== undefined) payload.p = platform;
  const payloadPart = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
  return { token: `${PREFIX}.${payloadPart}.${mac(secret, payloadPart)}`, tokenId, expiresAt };
}

/** Splits a token into its payload and MAC parts, or `undefined` when malformed. */
function splitToken(token: unknown): { payloadPart: string; macPart: string } | undefined {
  if (typeof token !== 'string' || token.length === 0 || token.length > TOKEN_MAX_CHARS) {
    return undefined;
  }
  const parts = token.split('.');
  const [prefix, payloadPart, macPart] = parts;
  if (
    parts.length !== 3 ||
    prefix !== PREFIX ||
    payloadPart === undefined ||
    macPart === undefined
  ) {
    return undefined;
  }
  if (!BASE64URL.test(payloadPart) || !BASE64URL.test(macPart)) return undefined;
  return { payloadPart, macPart };
}

/** Decodes the payload part into an object, or `undefined`. */
function decodePayload(payloadPart: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8'));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    return value as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function parsePayload(raw: Record<string, unknown>): TokenPayload | undefined {
  const { a, u, k, e, i, j, p } = raw;
  if (typeof a !== 'string' || a.length === 0) return undefined;
  if (typeof u !== 'string' || u.length === 0) return undefined;
  if (typeof k !== 'string' || !TOKEN_KINDS.has(k)) return undefined;
  if (!isNonNegativeSafeInteger(e) || !isNonNegativeSafeInteger(i)) return undefined;
  if (typeof j !== 'string' || j.length === 0) return undefined;
  if (p !== undefined && !(typeof p === 'number' && Number.isSafeInteger(p))) return undefined;
  const payload: TokenPayload = { a, u, k: k as TokenKind, e, i, j };
  if (p !== undefined) payload.p = p;
  return payload;
}

/**
 * Verifies a token: MAC first (constant time), then the claims, then the expiry, so a forged
 * token is never reported as merely expired.
 *
 * @param token - The token the client presented.
 * @param secret - The signing secret of the app the token claims.
 * @param opts - The kind and app the caller requires, and the time.
 * @returns The token's claims.
 * @throws {@link ServerError} `SIGNATURE_INVALID` when the token is not a string, is longer than
 *   {@link TOKEN_MAX_CHARS}, is malformed, its MAC does not match, or it is of another kind or
 *   another app.
 * @throws {@link ServerError} `CREDENTIAL_EXPIRED` when the token is genuine but
 *   `now >= expiresAt`.
 * @throws {@link ServerError} `INTERNAL` when `secret` is empty.
 */
export function verifyToken(
  token: string,
  secret: string,
  opts: VerifyTokenOptions,
): VerifiedToken {
  requireSecret(secret);
  const nowMs = opts.nowMs ?? Date.now();
  const split = splitToken(token);
  if (split === undefined) throw new ServerError(ErrorCode.SIGNATURE_INVALID, 'token is malformed');
  if (!stringsEqual(split.macPart, mac(secret, split.payloadPart))) {
    throw new ServerError(ErrorCode.SIGNATURE_INVALID, 'token signature does not match');
  }
  const raw = decodePayload(split.payloadPart);
  const payload = raw === undefined ? undefined : parsePayload(raw);
  if (payload === undefined) {
    // Only reachable with the secret in hand (the MAC matched), e.g. a token of a newer format.
    throw new ServerError(ErrorCode.SIGNATURE_INVALID, 'token payload is malformed');
  }
  if (payload.k !== opts.kind) {
    throw new ServerError(ErrorCode.SIGNATURE_INVALID, 'token is not valid for this use');
  }
  if (payload.a !== opts.appId) {
    throw new ServerError(ErrorCode.SIGNATURE_INVALID, 'token was issued for another app');
  }
  if (nowMs >= payload.e) throw new ServerError(ErrorCode.CREDENTIAL_EXPIRED, 'token has expired');
  const verified: VerifiedToken = {
    appId: payload.a,
    userId: payload.u,
    kind: payload.k,
    expiresAt: payload.e,
    issuedAt: payload.i,
    tokenId: payload.j,
  };
  if (payload.p !== undefined) verified.platform = payload.p;
  return verified;
}

/**
 * Reads the app a token claims, without verifying anything, so the caller can pick that app's
 * secret for {@link verifyToken}. The result is attacker-controlled until verified.
 *
 * @param token - Any value.
 * @returns The unverified `appId` claim, or `undefined` when the token is malformed.
 * @throws Never.
 */
export function peekTokenApp(token: string): string | undefined {
  const split = splitToken(token);
  if (split === undefined) return undefined;
  const raw = decodePayload(split.payloadPart);
  const a = raw?.a;
  return typeof a === 'string' && a.length > 0 ? a : undefined;
}
