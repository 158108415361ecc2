/**
 * Sign-in for the development tenant: the server hands out a native token for any user id
 * (`POST /parley/dev/v1/credentials`, on only while it runs its development tenant). The name
 * and the last token are remembered so a reload signs in again, even before the network is back.
 */

/** What the development endpoint answers for `vendor: 'native'`. */
export interface DevCredential {
  appId: string;
  userId: string;
  token: string;
}

const NAME_KEY = 'parley-demo:user';
const TOKEN_KEY = 'parley-demo:credential';

/** The user ids the server accepts. */
export const USER_ID_PATTERN = '[A-Za-z0-9_\\-]{1,32}';
const USER_ID = new RegExp(`^${USER_ID_PATTERN}$`);

/** Whether `name` is a valid user id. */
export function isValidUserId(name: string): boolean {
  return USER_ID.test(name);
}

/** Where this page's server is: the same origin, `/parley/...`. */
export function serverUrls(location: Location = window.location): { http: string; ws: string } {
  const http = location.origin;
  const ws = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/parley/ws`;
  return { http, ws };
}

/**
 * Asks the server for a fresh native token of `userId`.
 * @throws {Error} with the server's message when it refuses, or when it cannot be reached.
 */
export async function fetchCredential(userId: string): Promise<DevCredential> {
  const response = await fetch(`${serverUrls().http}/parley/dev/v1/credentials`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ vendor: 'native', userId }),
  });
  const body = (await response.json().catch(() => ({}))) as Partial<DevCredential> & { message?: string; error?: { message?: string } };
  if (!response.ok || typeof body.token !== 'string') {
    const reason = body.error?.message ?? body.message ?? `HTTP ${response.status}`;
    throw new Error(response.status === 404 ? 'this server does not offer development sign-in' : reason);
  }
  const credential = { appId: body.appId ?? 'dev', userId: body.userId ?? userId, token: body.token };
  saveCredential(credential);
  return credential;
}

/** The remembered user, if any. */
export function rememberedName(): string | undefined {
  return readStorage(NAME_KEY) ?? undefined;
}

export function rememberName(name: string): void {
  writeStorage(NAME_KEY, name);
}

/** The remembered token of `userId`, if any. */
export function savedCredential(userId: string): DevCredential | undefined {
  const raw = readStorage(TOKEN_KEY);
  if (!raw) return undefined;
  try {
    const value = JSON.parse(raw) as DevCredential;
    return value.userId === userId && typeof value.token === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

function saveCredential(credential: DevCredential): void {
  writeStorage(TOKEN_KEY, JSON.stringify(credential));
}

/** Forgets the name and the token (sign out). */
export function forget(): void {
  removeStorage(NAME_KEY);
  removeStorage(TOKEN_KEY);
}

/** Forgets only the token (the server refused it). */
export function forgetCredential(): void {
  removeStorage(TOKEN_KEY);
}

// localStorage throws in some private modes: the app then simply forgets across reloads.
function readStorage(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}
function writeStorage(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {}
}
function removeStorage(key: string): void {
  try {
    localStorage.removeItem(key);
  } catch {}
}
