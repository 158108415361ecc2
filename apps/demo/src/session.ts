import { type Client, ClientCode, createClient, RequestError } from '@parley/core';
import { CompactCodec } from '@parley/protocol/compact';
import { indexedDBStorage } from '@parley/storage-indexeddb';
import { WebSocketTransport } from '@parley/transport-websocket';
import { type DevCredential, fetchCredential, forgetCredential, savedCredential, serverUrls } from './credentials.js';

/** Refusals that mean "this token is no good" (a server reset, an expiry): get a new one. */
const CREDENTIAL_CODES: ReadonlySet<number> = new Set([ClientCode.UNAUTHENTICATED, ClientCode.SIGNATURE_INVALID, ClientCode.CREDENTIAL_EXPIRED, ClientCode.USER_NOT_FOUND, ClientCode.APP_UNKNOWN]);

/**
 * Creates the client of one user: compact binary frames over the page origin's WebSocket, the
 * cache in IndexedDB (one database per app and user), and fresh tokens from the dev endpoint
 * when the server asks for one.
 */
export function createSession(userId: string): Client {
  return createClient({
    transport: new WebSocketTransport(),
    codec: new CompactCodec(),
    url: serverUrls().ws,
    app: { appId: 'dev' },
    storage: indexedDBStorage(),
    // A demo on a laptop: come back quickly after a server restart.
    reconnectBaseMs: 300,
    reconnectMaxMs: 5_000,
    refreshCredential: async () => toCredential(await fetchCredential(userId)),
  });
}

function toCredential(c: DevCredential) {
  return { nativeToken: { userId: c.userId, token: c.token } };
}

/**
 * Signs in. A remembered token is used at once, so the cache (IndexedDB) opens and shows
 * before the network answers; a refused one is replaced by a fresh token once.
 * @throws {Error} when the server refuses a fresh token too, or gives none.
 */
export async function signIn(client: Client, userId: string): Promise<void> {
  const saved = savedCredential(userId);
  const credential = saved ?? (await fetchCredential(userId));
  try {
    await client.login({ credential: toCredential(credential), userId });
  } catch (error) {
    if (!saved || !isCredentialError(error)) throw error;
    forgetCredential();
    await client.login({ credential: toCredential(await fetchCredential(userId)), userId });
  }
}

function isCredentialError(error: unknown): boolean {
  return error instanceof RequestError && CREDENTIAL_CODES.has(error.code);
}
