import type { Client, Content, Element, Message, MessageRef } from '@parley/core';
import { TYPES } from '../../constants.js';
import { TimMessage } from '../../convert/message.js';
import { toElement } from '../../convert/payload.js';
import type { TimCore } from '../../core.js';
import { TimCode, TimError, toTimError } from '../../errors.js';
import { toConvId } from '../../ids.js';
import type { Message as TimMessageType } from '../../types.js';

/** What `sendMessage` needs of a message made by `create*Message`: the core content and options. */
export interface Draft {
  content: Content;
  /** The wire's `Priority`. */
  priority: number;
  cloudCustomData: string;
  needReadReceipt: boolean;
  isSupportExtension: boolean;
  receiverList: string[];
  /** Milliseconds, as the client message id's seconds were taken from. */
  clientTime: number;
  onProgress: ((percent: number) => void) | undefined;
  /** A refusal found when the message was made (file too large or empty), reported by `sendMessage`. */
  refusal: { code: number; message?: string } | undefined;
}

/** The messages area's state of one SDK instance. */
export interface MessagesState {
  /** Core content behind every message this instance made. */
  readonly drafts: WeakMap<TimMessage, Draft>;
  /** IDs this instance sent: the core never echoes them, but a push of one must not count as received. */
  readonly own: Set<string>;
  /** IDs with an own revoke, modify or extension call in flight: their updates are not someone else's. */
  readonly busy: Map<string, number>;
  /** tim-js-sdk numbers the messages an instance makes. */
  clientSequence: number;
  /** Sends waiting for a module to load, which the sends after them wait behind (`send.ts`). */
  queued: number;
  /** Resolves once the last waiting send has entered the outbox. */
  entered: Promise<void>;
}

const states = new WeakMap<TimCore, MessagesState>();

/** The messages state of an SDK instance (made on first use). */
export function stateOf(tim: TimCore): MessagesState {
  let state = states.get(tim);
  if (!state) {
    state = { drafts: new WeakMap(), own: new Set(), busy: new Map(), clientSequence: 0, queued: 0, entered: Promise.resolve() };
    states.set(tim, state);
  }
  return state;
}

/** Runs an own call on a message, during which the core's updates of it are not announced as someone else's. */
export async function whileBusy<T>(tim: TimCore, id: string, run: () => Promise<T>): Promise<T> {
  const busy = stateOf(tim).busy;
  busy.set(id, (busy.get(id) ?? 0) + 1);
  try {
    return await run();
  } finally {
    const left = (busy.get(id) ?? 1) - 1;
    if (left > 0) busy.set(id, left);
    else busy.delete(id);
  }
}

/** `true` for an object an app passes as options. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The canonical conversation id of a TIM message (rooms where this instance is in the AVChatRoom). */
export function convIdOf(tim: TimCore, m: Pick<TimMessage, 'conversationID'>): string | undefined {
  return toConvId(m.conversationID, tim.rooms);
}

/** Whether a canonical conversation id is an AVChatRoom (a room in the core). */
export function isAvChatRoom(tim: TimCore, convId: string): boolean {
  if (convId.startsWith('room:')) return true;
  return convId.startsWith('group:') && tim.groupTypes.get(convId.slice(6)) === 'AVChatRoom';
}

/** The wire reference of a TIM message: its place in the log when sent, else its client id. */
export function refOfTim(tim: TimCore, m: { conversationID: string; sequence?: number | undefined; ID: string; from: string }): MessageRef {
  const convId = toConvId(m.conversationID, tim.rooms);
  const ref: MessageRef = {};
  if (convId) ref.convId = convId;
  const seq = m.sequence ?? 0;
  if (convId && seq > 0) ref.seq = seq;
  if (m.ID) {
    ref.clientMsgId = m.ID;
    if (m.from) ref.senderId = m.from;
  }
  return ref;
}

/**
 * The core message behind a TIM message: the one the client holds, else one rebuilt from the
 * TIM fields (enough to reference, embed or forward it).
 */
export function coreOf(tim: TimCore, client: Client, m: TimMessage): Message {
  const held = client.findMessage({ clientMsgId: m.ID }) ?? client.findMessage({ serverMsgId: m.ID });
  if (held) return held;
  const convId = convIdOf(tim, m) ?? '';
  if (convId && (m.sequence ?? 0) > 0) {
    const bySeq = client.store.messages.entries(convId).find((e) => e.seq === m.sequence);
    if (bySeq) return bySeq;
  }
  const draft = stateOf(tim).drafts.get(m);
  const elements: Element[] = draft
    ? draft.content.elements
    : m.getElements().flatMap((e) => {
        const element = toElement(e.type as string, e.content);
        return element ? [element] : [];
      });
  return {
    convId,
    clientMsgId: m.ID,
    serverMsgId: '',
    seq: m.sequence ?? 0,
    senderId: m.from,
    time: (m.time ?? 0) * 1000,
    clientTime: (m.clientTime ?? 0) * 1000,
    elements,
    status: m.status === 'success' ? 'sent' : m.status === 'fail' ? 'failed' : 'pending',
    version: m.version ?? 0,
    ...(m.cloudCustomData && { cloudCustomData: m.cloudCustomData }),
  };
}

/** The TIM message of a reference the server pushed (receipts, extensions), if this instance can name it. */
export function timOfRef(tim: TimCore, client: Client, ref: MessageRef): TimMessage | undefined {
  if (ref.clientMsgId) {
    const known = tim.messages.get(ref.clientMsgId);
    if (known) return known;
  }
  let held = ref.clientMsgId || ref.serverMsgId ? client.findMessage({ ...(ref.clientMsgId && { clientMsgId: ref.clientMsgId }), ...(ref.serverMsgId && { serverMsgId: ref.serverMsgId }) }) : undefined;
  if (!held && ref.convId && ref.seq) held = client.store.messages.entries(ref.convId).find((e) => e.seq === ref.seq);
  return held ? tim.timMessage(held) : undefined;
}

/**
 * A failure as tim-js-sdk reports it for a message call: `data.message` is the instance, and a
 * core failure without a TIM counterpart takes the call's own failure code.
 */
export function messageFailure(error: unknown, message: unknown, fallback: number, group = false): TimError {
  const timError = toTimError(error, message === undefined ? { group } : { group, data: { message } });
  if (timError.code === TimCode.UNCAUGHT_ERROR && !(error instanceof TimError)) timError.code = fallback;
  return timError;
}

/** Whether a TIM message is one `sendMessage` accepts (made by this SDK). */
export function isTimMessage(value: unknown): value is TimMessage {
  return value instanceof TimMessage;
}

/** The system conversation: refused by revoke, modify and delete. */
export function isSystem(m: { conversationType?: unknown }): boolean {
  return m.conversationType === TYPES.CONV_SYSTEM;
}

/**
 * Notice kinds TIM apps never see as messages: group read-state sync (15), topic created and
 * deleted (17/18, which the groups area turns into TOPIC_* events), and the other vendors'
 * friend and profile notices (30/31).
 */
const UNSHOWN_NOTICES = new Set([15, 17, 18, 30, 31]);

/** Whether a system notice of this `operationType` is shown to TIM apps (as a message and GROUP_SYSTEM_NOTICE_RECEIVED). */
export function isShownNotice(operationType: number): boolean {
  return !UNSHOWN_NOTICES.has(operationType);
}

/** `findMessage`: a message this instance holds, by `ID`, or null. */
export function findMessage(tim: TimCore, messageID: string): TimMessageType | null {
  if (typeof messageID !== 'string' || messageID === '') return null;
  const known = tim.messages.get(messageID);
  if (known) return known;
  if (!tim.hasClient) return null;
  const client = tim.client;
  const held = client.findMessage({ clientMsgId: messageID }) ?? client.findMessage({ serverMsgId: messageID });
  return (held && tim.timMessage(held)) ?? null;
}
