import type { Message as CoreMessage, MessageDraft } from '@parley/core';
import { TYPES } from '../../constants.js';
import type { TimMessage } from '../../convert/message.js';
import type { TimCore } from '../../core.js';
import { TimCode, TimError } from '../../errors.js';
import type { LazyArea } from '../../lazy.js';
import type { Message, SEND_MESSAGE_OPTIONS } from '../../types.js';
import { groupsArea, uploads } from '../lazy-areas.js';
import { type Draft, isObject, isTimMessage, type MessagesState, messageFailure, stateOf } from './state.js';

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

/**
 * Starts a send in call order. A send that needs a module not loaded yet (files: the upload
 * area; AVChatRooms: the groups area) waits for it, and every send after it waits its turn, so
 * messages still enter the outbox in the order the app sent them. Otherwise `enter` runs at once.
 */
export function inOrder<M, T>(state: MessagesState, area: LazyArea<M> | undefined, enter: (module: M) => Promise<T>): Promise<T> {
  // Without an area, `M` is `undefined` and so is what `enter` gets.
  if (state.queued === 0 && (!area || area.value !== undefined)) return enter(area?.value as M);
  state.queued += 1;
  const before = state.entered;
  let release = () => {};
  state.entered = new Promise<void>((resolve) => {
    release = resolve;
  });
  return (async () => {
    await before;
    let module: M;
    try {
      module = (area && (await area.load())) as M;
    } catch (error) {
      state.queued -= 1;
      release();
      throw error;
    }
    state.queued -= 1;
    try {
      return enter(module);
    } finally {
      // `enter` has put the message in the outbox (synchronously): the next send may go.
      release();
    }
  })();
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
    const hasFiles = (draft.content.uploads?.length ?? 0) > 0;
    let sent: CoreMessage;
    if (resend && client.outbox.get(m.ID)) {
      sent = hasFiles ? await inOrder(state, uploads, (u) => u.resend(client, m.ID, progressOf(draft))) : await inOrder(state, undefined, () => client.resend(m.ID));
    } else if (hasFiles) {
      sent = await inOrder(state, uploads, (u) => u.send(client, room ? { ...wire, roomChannel: 0 } : wire, progressOf(draft)));
    } else if (room) {
      sent = await inOrder(state, groupsArea, (g) => g.sendToRoom(tim, m.to, wire));
    } else {
      sent = await inOrder(state, undefined, () => client.send(wire));
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
