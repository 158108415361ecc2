import { type Client, contactsOf, type Message, mediaOf, type PushFrame } from '@parley/core';
import type { MlCore, Wiring } from '../../core.js';
import { isChat, type MlContent, mlContentOf, parseMlContent } from './content.js';

/** Wire values this area reads: `UserKind.GUEST`, `NoticeKind.CUSTOM`, `PresenceStatus`, `Change`. */
const GUEST = 1;
const NOTICE_CUSTOM = 255;
const ONLINE = 1;
const OFFLINE = 3;
const ADDED = 1;
const DELETED = 2;
/** Ids per `presence.subscribe` request. */
const SUBSCRIBE_BATCH = 100;

/** `to.type` / `from.type` by conversation prefix (§4.2). */
const TYPES: Record<string, number> = { c2c: 0, group: 1, room: 2 };

/** The MaxLeap target of a conversation (`{id, type}`), or `undefined` for conversations M has no type for. */
function targetOf(convId: string): { id: string; type: number } | undefined {
  const colon = convId.indexOf(':');
  const type = TYPES[convId.slice(0, colon)];
  return type === undefined ? undefined : { id: convId.slice(colon + 1), type };
}

/** The `sys` payload of a system-log entry from `system.send`, or `undefined` for other notices. */
function sysOf(m: Message, absolute: (url: string) => string): { content: MlContent; ts: number } | undefined {
  const notice = m.elements.find((e) => e.notice)?.notice;
  if (!notice || notice.kind !== NOTICE_CUSTOM) return undefined;
  const content = parseMlContent(notice.data) ?? mlContentOf({ elements: notice.elements ?? [], fallbackText: m.fallbackText ?? notice.text ?? '' }, absolute);
  return { content, ts: Number(m.clientTime || m.time) };
}

/** Hands one stored or live entry to the listeners it concerns. */
function dispatch(core: MlCore, client: Client, convId: string, m: Message): void {
  if (m.status !== 'sent' || m.deletedForSelf) return;
  const absolute = (url: string) => (url ? mediaOf(client).absoluteUrl(url) : url);
  if (convId === 'system' || convId.startsWith('system:')) {
    const sys = sysOf(m, absolute);
    if (sys) core.emit('sys', sys);
    return;
  }
  const target = targetOf(convId);
  if (!target || !isChat(m)) return;
  const content = mlContentOf(m, absolute);
  const ts = Number(m.time);
  if (m.senderId === client.userId) {
    core.emit('yourself', { to: target, content, ts });
    return;
  }
  const type = target.type === TYPES.c2c && m.senderKind === GUEST ? 3 : target.type;
  const from = target.type === TYPES.c2c ? { id: m.senderId, type } : { id: m.senderId, type, gid: target.id };
  core.emit('message', { from, content, ts });
}

/** Subscribes to the presence of every friend (M presence is friend-scoped); a refusal (guests) leaves presence off. */
async function watchFriends(client: Client): Promise<void> {
  const result = await client.request('friendList', {});
  const ids = (result?.friends ?? []).map((f) => f.friendId ?? '').filter((id) => id !== '');
  for (let i = 0; i < ids.length; i += SUBSCRIBE_BATCH) await contactsOf(client).subscribePresence(ids.slice(i, i + SUBSCRIBE_BATCH));
}

/** Friends' presence and friendship changes → `online(id)` / `offline(id)` and the subscriptions that follow them. */
function onPush(core: MlCore, client: Client, push: PushFrame): void {
  const presence = push.presence;
  if (presence?.userId && presence.userId !== client.userId) {
    if (presence.status === ONLINE) core.emit('online', presence.userId);
    else if (presence.status === OFFLINE) core.emit('offline', presence.userId);
  }
  const friend = push.friend?.friend;
  if (friend?.friendId && friend.ownerId === client.userId) {
    const ignore = () => {};
    if (push.friend?.change === ADDED) contactsOf(client).subscribePresence([friend.friendId]).catch(ignore);
    else if (push.friend?.change === DELETED) contactsOf(client).unsubscribePresence([friend.friendId]).catch(ignore);
  }
}

/**
 * The five listeners from the session's pushes: messages from others → `onMessage` (`from.gid`
 * for groups and rooms; `from.type` 3 for passengers), the user's own sends from another
 * session → `yourself`, `system.send` entries → `sys`, friends' presence → `online`/`offline`.
 * The first sync after login replays what arrived while the user was away (entries past the
 * server's delivered mark, in time order); every later sync brings only what this session
 * missed, delivered as it comes. Text is `media` 0 and media bodies are URL strings.
 */
export const messagesWiring: Wiring = (core, client) => {
  let first = true;
  let syncing = false;
  const floors = new Map<string, number>();
  let batch: Array<[string, Message]> = [];

  const onMessages = (convId: string, messages: Message[]) => {
    if (!syncing || !first) {
      for (const m of messages) dispatch(core, client, convId, m);
      return;
    }
    // The app's broadcast log has no delivered mark: only live broadcasts are announced.
    if (convId.startsWith('system:')) return;
    // Read before the core acknowledges what it pulled (its acks go out when the sync ends).
    if (!floors.has(convId)) floors.set(convId, Number(client.conversation(convId)?.deliveredSeq ?? 0));
    const floor = floors.get(convId) ?? 0;
    // Own sends from other sessions are `yourself` only while this one is online.
    for (const m of messages) if (m.seq > floor && m.senderId !== client.userId) batch.push([convId, m]);
  };

  const offs = [
    client.on('syncStart', () => {
      syncing = true;
    }),
    client.on('messages', onMessages),
    client.on('syncEnd', () => {
      syncing = false;
      if (first) {
        first = false;
        const replay = batch.sort(([, a], [, b]) => a.time - b.time || a.seq - b.seq);
        batch = [];
        floors.clear();
        for (const [convId, m] of replay) dispatch(core, client, convId, m);
      }
      watchFriends(client).catch(() => {});
    }),
    client.on('push', (push: PushFrame) => onPush(core, client, push)),
  ];
  return () => {
    for (const off of offs) off();
  };
};
