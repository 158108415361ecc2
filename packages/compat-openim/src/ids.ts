/** IDs as open-im-sdk makes them (openim.md §1.4, §2.3, §6.1). */

/** `uuid(userID)`, exported by the SDK: the default operationID — random base-36, the time, the user. */
export function uuid(uid: string): string {
  return (Math.random() * 36).toString(36).slice(2) + Date.now() + String(uid ?? '');
}

/** A new clientMsgID: 32 lowercase hex digits, the form of the vendor's md5 IDs. */
export function newClientMsgId(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

/** OpenIM session types (`sessionType` / `conversationType`). */
export const Session = { SINGLE: 1, GROUP: 2 } as const;

/** The 2.x conversation ID: `single_<peer>` or `group_<groupID>`. */
export function conversationIdOf(sessionType: number, sourceID: string): string {
  return `${sessionType === Session.SINGLE ? 'single_' : 'group_'}${sourceID}`;
}

/** The core's conversation id (`c2c:<peer>`, `group:<id>`) for an OpenIM session type and source. */
export function coreConvId(sessionType: number, sourceID: string): string {
  return `${sessionType === Session.SINGLE ? 'c2c' : 'group'}:${sourceID}`;
}

/** Parses a 2.x conversation ID; undefined for anything else. */
export function parseConversationId(id: unknown): { sessionType: 1 | 2; sourceID: string } | undefined {
  if (typeof id !== 'string') return undefined;
  if (id.startsWith('single_') && id.length > 7) return { sessionType: 1, sourceID: id.slice(7) };
  if (id.startsWith('group_') && id.length > 6) return { sessionType: 2, sourceID: id.slice(6) };
  return undefined;
}

/** The app id a Parley-issued token names (its payload's `a` claim), read without verifying it. */
export function appIdOfToken(token: string): string | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const json = JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)))) as { a?: unknown };
    return typeof json.a === 'string' && json.a ? json.a : undefined;
  } catch {
    return undefined;
  }
}
