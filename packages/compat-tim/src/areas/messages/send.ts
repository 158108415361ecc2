import { type Client, type Message as CoreMessage, chatOf, type MessageDraft, mediaOf, type RoomSendOptions, roomsOf } from '@parley/core';
import { TYPES } from '../../constants.js';
import type { TimMessage } from '../../convert/message.js';
import { toElement } from '../../convert/payload.js';
import type { TimCore } from '../../core.js';
import { paramsError, TimCode, TimError } from '../../errors.js';
import type { Message, SEND_MESSAGE_OPTIONS } from '../../types.js';
import { convIdOf, coreOf, type Draft, isAvChatRoom, isObject, isSystem, isTimMessage, messageFailure, refOfTim, stateOf, whileBusy } from './state.js';

/** Where a message goes: a conversation of the core, or one of this instance's AVChatRoom handles. */
function targetOf(tim: TimCore, m: TimMessage): { convId: string; room: boolean } {
  if (m.conversationType === TYPES.CONV_C2C) return { convId: `c2c:${m.to}`, room: false };
  if (m.conversationType !== TYPES.CONV_GROUP) throw new TimError({ code: TimCode.MESSAGE_SEND_INVALID_CONVERSATION_TYPE, data: { message: m } });
  if (tim.rooms.has(m.to)) return { convId: `room:${m.to}`, room: true };
  if (tim.groupTypes.get(m.to) === 'AVChatRoom') throw new TimError({ code: TimCode.MESSAGE_SEND_FAIL_NOT_IN_AVCHATROOM, data: { message: m } });
  return { convId: `group:${m.to}`, room: false };
}

/** The core draft of a message and `sendMessage`'s options. */
function wireDraft(m: TimMessage, draft: Draft, convId: string, options: SEND_MESSAGE_OPTIONS | undefined): MessageDraft {
  const { content } = draft;
  const out: MessageDraft & { uploads?: unknown } = {
    convId,
    elements: content.elements,
    clientMsgId: m.ID,
    clientTime: draft.clientTime,
    fallbackText: content.fallbackText,
  };
  if (content.mentions) out.mentions = content.mentions;
  if (content.uploads?.length) out.uploads = content.uploads;
  if (draft.priority) out.priority = draft.priority;
  if (draft.cloudCustomData) out.cloudCustomData = draft.cloudCustomData;
  if (draft.needReadReceipt) out.needReadReceipt = true;
  if (draft.isSupportExtension) out.supportsExtensions = true;
  if (draft.receiverList.length) out.receiverIds = draft.receiverList;
  const o = isObject(options) ? options : {};
  const control = isObject(o.messageControlInfo) ? o.messageControlInfo : {};
  const push = isObject(o.offlinePushInfo) ? o.offlinePushInfo : undefined;
  const flags = {
    ...(o.onlineUserOnly === true && { onlineOnly: true }),
    ...(control.excludedFromUnreadCount === true && { excludeFromUnread: true }),
    ...(control.excludedFromLastMessage === true && { excludeFromLastMessage: true }),
    ...(push?.disablePush === true && { noOfflinePush: true }),
  };
  if (Object.keys(flags).length) out.flags = flags;
  if (push) {
    out.offlinePush = {
      title: String(push.title ?? ''),
      desc: String(push.description ?? ''),
      ext: String(push.extension ?? ''),
      disable: push.disablePush === true,
      androidChannel: String(push.androidOPPOChannelID ?? ''),
      disableVoip: push.disableVoipPush === true,
    };
  }
  return out;
}

/** Reports upload progress to the app's `onProgress` (a throwing callback must not fail the send). */
function progressOf(draft: Draft): { onProgress?: (fraction: number) => void } {
  const listener = draft.onProgress;
  if (!listener) return {};
  return {
    onProgress: (fraction) => {
      try {
        listener(fraction);
      } catch {
        // The vendor reports 2109 for a broken callback; the message itself still goes out.
      }
    },
  };
}

/** Sends (or sends again) a message through the core and settles the app's instance. */
async function deliver(tim: TimCore, m: TimMessage, draft: Draft, options: SEND_MESSAGE_OPTIONS | undefined, resend: boolean): Promise<{ message: TimMessage }> {
  const client = tim.client;
  const group = m.conversationType === TYPES.CONV_GROUP;
  try {
    if (draft.refusal) throw new TimError({ code: draft.refusal.code, message: draft.refusal.message });
    const { convId, room } = targetOf(tim, m);
    const state = stateOf(tim);
    state.own.add(m.ID);
    tim.messages.set(m.ID, m);
    m.status = 'unSend';
    const wire = wireDraft(m, draft, convId, options);
    const uploads = (draft.content.uploads?.length ?? 0) > 0;
    let sent: CoreMessage;
    if (resend && client.outbox.get(m.ID)) {
      sent = uploads ? await mediaOf(client).resend(m.ID, progressOf(draft)) : await client.resend(m.ID);
    } else if (uploads) {
      sent = await mediaOf(client).send(room ? { ...wire, roomChannel: 0 } : wire, progressOf(draft));
    } else if (room) {
      const handle = roomsOf(client).handles(m.to)[0];
      if (!handle) throw new TimError({ code: TimCode.MESSAGE_SEND_FAIL_NOT_IN_AVCHATROOM });
      const { convId: _convId, elements, ...rest } = wire;
      sent = await handle.send(elements, rest as RoomSendOptions);
    } else {
      sent = await client.send(wire);
    }
    tim.timMessage(sent);
    m.status = 'success';
    m.time = Math.floor((sent.time || Date.now()) / 1000);
    m.sequence = sent.seq;
    return { message: m };
  } catch (error) {
    m.status = 'fail';
    throw messageFailure(error, m, TimCode.MESSAGE_SEND_FAIL, group);
  }
}

function draftOf(tim: TimCore, message: unknown): { m: TimMessage; draft: Draft } {
  const draft = isTimMessage(message) ? stateOf(tim).drafts.get(message) : undefined;
  if (!draft) throw new TimError({ code: TimCode.MESSAGE_SEND_NEED_MESSAGE_INSTANCE });
  return { m: message as TimMessage, draft };
}

/**
 * `sendMessage`: uploads any file (with `onProgress`), sends, and settles the same instance:
 * `status` `success`, the server's `time` and `sequence`; or `fail` with `data.message`.
 * @throws {TimError} 2105 for a message not made by this SDK, 2101 for an AVChatRoom not joined.
 */
export function sendMessage(tim: TimCore, message: Message, options?: SEND_MESSAGE_OPTIONS): Promise<{ message: TimMessage }> {
  const { m, draft } = draftOf(tim, message);
  return deliver(tim, m, draft, options, false);
}

/** `resendMessage`: the same instance and `ID` again (the server answers a duplicate with the original). */
export function resendMessage(tim: TimCore, message: Message): Promise<{ message: TimMessage }> {
  const { m, draft } = draftOf(tim, message);
  m.isResend = true;
  m.status = 'unSend';
  return deliver(tim, m, draft, undefined, true);
}

/**
 * `revokeMessage`: the instance becomes `isRevoked` with this user as `revoker`.
 * @throws {Error} synchronously for a system notice or a message already revoked.
 */
export function revokeMessage(tim: TimCore, message: Message): Promise<{ message: Message }> {
  if (!isObject(message)) throw paramsError('message');
  if (isSystem(message) || message.isRevoked === true) throw paramsError('message');
  const group = message.conversationType === TYPES.CONV_GROUP;
  return whileBusy(tim, message.ID, async () => {
    try {
      await chatOf(tim.client).revoke(refOfTim(tim, message));
    } catch (error) {
      throw messageFailure(error, message, TimCode.MESSAGE_REVOKE_FAIL, group);
    }
    message.isRevoked = true;
    message.revoker = tim.userId;
    return { message };
  });
}

/**
 * `modifyMessage`: sends the instance's current `payload` (text, custom, face, location) and
 * `cloudCustomData` as a new version; the instance takes the server's result.
 * @throws {TimError} 2480 when someone modified it first (the instance then shows their version), 2481 in an AVChatRoom.
 */
export function modifyMessage(tim: TimCore, message: Message): Promise<{ message: Message }> {
  if (!isTimMessage(message)) throw paramsError('message');
  if (isSystem(message)) throw paramsError('message');
  const convId = convIdOf(tim, message);
  if (convId && isAvChatRoom(tim, convId)) return Promise.reject(new TimError({ code: TimCode.MESSAGE_MODIFY_DISABLED_IN_AVCHATROOM, data: { message } }));
  const client = tim.client;
  const element = toElement(message.type as string, message.payload);
  const target: CoreMessage = { ...coreOf(tim, client, message), version: message.version ?? 0 };
  return whileBusy(tim, message.ID, async () => {
    try {
      const updated = await chatOf(client).modify(target, { ...(element && { elements: [element] }), cloudCustomData: message.cloudCustomData ?? '' });
      tim.timMessage(updated);
      return { message };
    } catch (error) {
      throw messageFailure(error, message, TimCode.MESSAGE_SEND_FAIL, message.conversationType === TYPES.CONV_GROUP);
    }
  });
}

/**
 * `deleteMessage`: deletes sent messages of one conversation for this user (at most 30, the
 * rest ignored, as the vendor does); they become `isDeleted`.
 * @throws {TimError} 2116 for system notices.
 */
export function deleteMessage(tim: TimCore, messageList: Message[]): Promise<{ messageList: Message[] }> {
  if (!Array.isArray(messageList) || messageList.length === 0) throw paramsError('messageList');
  const first = messageList[0];
  if (!isObject(first)) throw paramsError('messageList');
  if (isSystem(first)) return Promise.reject(new TimError({ code: TimCode.CANNOT_DELETE_GROUP_SYSTEM_NOTICE }));
  const chosen = messageList.filter((m) => isObject(m) && m.status === 'success' && m.conversationID === first.conversationID).slice(0, 30);
  return (async () => {
    const client: Client = tim.client;
    if (chosen.length) {
      try {
        await chatOf(client).deleteForSelf(chosen.map((m) => refOfTim(tim, m)));
      } catch (error) {
        throw messageFailure(error, undefined, TimCode.MESSAGE_DELETE_FAIL);
      }
    }
    for (const m of chosen) m.isDeleted = true;
    return { messageList: chosen };
  })();
}
