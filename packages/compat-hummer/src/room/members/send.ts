import { RoomChannel } from '@parley/core';
import type { Result } from '../../core.js';
import { paramError } from '../../errors.js';
import type { ChatRoom } from '../../room.js';
import { LEGACY_EXTRA, textElements, toExtras } from './convert.js';
import { echoOwn, joinedHandle } from './joined.js';
import { paramsOf, stringMapParam, textParam, uidParam } from './params.js';

/*
 * The three room sends. They need a joined instance (2004 otherwise); a muted sender is refused
 * with 3004 (kUserForbiddenException) by the server. Only text chats are archived for
 * `fetchHistoryMessages`: group messages and unicasts are live only.
 */

/**
 * `chatroom.sendGroupMessage({content, kvExtra})`: a broadcast to the room (`GroupMessage`, the
 * sender's own instance included). Not archived.
 */
export function sendGroupMessage(room: ChatRoom, input: unknown): Promise<Result> {
  return room.core.call('sendGroupMessage', async () => {
    const p = paramsOf(input);
    const content = textParam(p, 'content');
    const kvExtra = stringMapParam(p, 'kvExtra');
    const handle = joinedHandle(room);
    const sent = await handle.send(textElements(content), { channel: RoomChannel.GROUP, extras: toExtras(kvExtra), onlineOnly: true });
    echoOwn(room, handle, 'GroupMessage', { uid: room.core.uid, content, kvExtra, requestId: sent.serverMsgId });
    return room.echo();
  });
}

/**
 * `chatroom.sendSingleUserMessage({content, receiver, kvExtra})`: a unicast inside the room; only
 * the receiver's instances of this room get `SingleUserMessage`. Sending to oneself works.
 */
export function sendSingleUserMessage(room: ChatRoom, input: unknown): Promise<Result> {
  return room.core.call('sendSingleUserMessage', async () => {
    const p = paramsOf(input);
    const content = textParam(p, 'content');
    const receiver = uidParam(p, 'receiver');
    const kvExtra = stringMapParam(p, 'kvExtra');
    const handle = joinedHandle(room);
    const sent = await handle.send(textElements(content), { channel: RoomChannel.UNICAST, receiverIds: [receiver], extras: toExtras(kvExtra) });
    // The server skips the sending session: a unicast to oneself arrives here.
    if (receiver === room.core.uid) echoOwn(room, handle, 'SingleUserMessage', { uid: receiver, receiver, content, kvExtra, requestId: sent.serverMsgId });
    return room.echo();
  });
}

/**
 * `chatroom.sendTextChat({chat, extra, kvExtra})`: a public-screen chat (`TextChat`, the sender's
 * own instance included), archived for `fetchHistoryMessages`. The deprecated string `extra` is
 * delivered as `{extra: <string>}` and kept in history as the string; `kvExtra` may therefore not
 * use the key `extra` (1002).
 */
export function sendTextChat(room: ChatRoom, input: unknown): Promise<Result> {
  return room.core.call('sendTextChat', async () => {
    const p = paramsOf(input);
    const chat = textParam(p, 'chat');
    const extra = p.extra === undefined || p.extra === null ? '' : textParam(p, 'extra');
    const kvExtra = stringMapParam(p, 'kvExtra');
    if (Object.hasOwn(kvExtra, LEGACY_EXTRA)) throw paramError(`kvExtra.${LEGACY_EXTRA} is reserved for the legacy extra`);
    const handle = joinedHandle(room);
    await handle.send(textElements(chat), { channel: RoomChannel.TEXT_CHAT, extras: toExtras(kvExtra, extra) });
    echoOwn(room, handle, 'TextChat', { appid: room.core.appid, uid: room.core.uid, roomid: room.roomid, chat, extra: { extra }, kvExtra });
    return room.echo();
  });
}
