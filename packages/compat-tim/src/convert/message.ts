import type { Element, Message } from '@parley/core';
import { TYPES } from '../constants.js';
import type { TYPES as TypesEnum } from '../enums.js';
import { conversationTypeOf, SYSTEM_CONVERSATION_ID, SYSTEM_TINY_ID, targetOf, toConversationID } from '../ids.js';
import { groupTipPayload, noticePayload } from './group-payload.js';
import { randomOfId, toPayload, type UrlOf } from './payload.js';

const PRIORITY = [TYPES.MSG_PRIORITY_NORMAL, TYPES.MSG_PRIORITY_HIGH, TYPES.MSG_PRIORITY_LOW, TYPES.MSG_PRIORITY_LOWEST];

/** A TIM element: `{ type, content }` (the first one is also the message's `type`/`payload`). */
export interface TimElement {
  type: TypesEnum;
  content: Record<string, unknown>;
}

/**
 * A message as tim-js-sdk hands it out (tim.md §4.2). One instance per message ID per SDK
 * instance: sending, revoking and read reports update it in place, as the vendor's do.
 */
export class TimMessage {
  ID = '';
  type: TypesEnum = TYPES.MSG_TEXT;
  payload: Record<string, unknown> = {};
  conversationID = '';
  conversationType: TypesEnum = TYPES.CONV_C2C;
  conversationSubType: string | undefined = undefined;
  to = '';
  from = '';
  flow: 'in' | 'out' = 'out';
  time = 0;
  status: 'unSend' | 'success' | 'fail' = 'unSend';
  isRevoked = false;
  revoker: string | null = null;
  priority: TypesEnum = TYPES.MSG_PRIORITY_NORMAL;
  nick = '';
  avatar = '';
  isPeerRead = false;
  nameCard = '';
  atUserList: string[] = [];
  cloudCustomData = '';
  isDeleted = false;
  isModified = false;
  needReadReceipt = false;
  readReceiptInfo: { readCount: number | undefined; unreadCount: number | undefined; isPeerRead: boolean | undefined } = { readCount: undefined, unreadCount: undefined, isPeerRead: undefined };
  isBroadcastMessage = false;
  isSupportExtension = false;
  sequence = 0;
  random = 0;
  clientSequence = 0;
  clientTime = 0;
  senderTinyID = '';
  isRead = false;
  isResend = false;
  isSystemMessage = false;
  isPlaceMessage = 0;
  protocol = 'JSON';
  version = 0;
  /** @internal the message's elements */
  declare _elements: TimElement[];

  constructor() {
    // Internals stay out of JSON.stringify, Object.keys and for…in, as the vendor's do.
    Object.defineProperty(this, '_elements', { enumerable: false, writable: true, value: [] });
  }

  /** The message's elements (`[{ type, content }]`). */
  get elements(): TimElement[] {
    return this._elements;
  }

  getElements(): TimElement[] {
    return this._elements;
  }

  /** @internal sets the elements and the `type`/`payload` proxies of the first one. */
  _setElements(elements: TimElement[]): void {
    this._elements = elements;
    const first = elements[0];
    if (first) {
      this.type = first.type;
      this.payload = first.content;
    }
  }
}


/** What converting a core message needs to know about the viewer. */
export interface MessageContext {
  userId: string;
  urlOf?: UrlOf;
  /** The group type (`Public`, `AVChatRoom`, …) of a group conversation, when known. */
  groupType?: (groupId: string) => string | undefined;
}

/** The TIM elements of a core message (control entries and unknown elements left out). */
export function toTimElements(message: Pick<Message, 'elements' | 'convId'>, urlOf?: UrlOf): TimElement[] {
  const out: TimElement[] = [];
  const groupId = targetOf(message.convId);
  for (const element of message.elements as Element[]) {
    if (element.groupTip) {
      const content = groupTipPayload(element.groupTip, groupId);
      if (content) out.push({ type: TYPES.MSG_GRP_TIP, content });
    } else if (element.notice) {
      out.push({ type: TYPES.MSG_GRP_SYS_NOTICE, content: noticePayload(element.notice) });
    } else {
      const converted = toPayload(element, urlOf);
      if (converted) out.push({ type: converted.type, content: converted.payload });
    }
  }
  return out;
}

/**
 * Copies a core message into a TIM message (a fresh one unless `into` is given). Returns
 * undefined for entries a TIM app never sees (receipts, typing, revoke tips…).
 */
export function applyMessage(message: Message, ctx: MessageContext, into?: TimMessage): TimMessage | undefined {
  const elements = toTimElements(message, ctx.urlOf);
  if (elements.length === 0) return undefined;
  const m = into ?? new TimMessage();
  const isSystem = message.convId === 'system';
  const conversationType = conversationTypeOf(message.convId);
  const target = targetOf(message.convId);
  const out = message.senderId === ctx.userId;
  m.ID = message.clientMsgId || message.serverMsgId;
  m._setElements(elements);
  m.conversationID = toConversationID(message.convId);
  m.conversationType = conversationType;
  m.conversationSubType = conversationType === TYPES.CONV_GROUP ? ctx.groupType?.(target) : undefined;
  m.from = isSystem ? SYSTEM_CONVERSATION_ID : message.senderId;
  m.to = conversationType === TYPES.CONV_C2C ? (out ? target : ctx.userId) : isSystem ? ctx.userId : target;
  m.flow = out ? 'out' : 'in';
  m.time = Math.floor((message.time || message.clientTime || Date.now()) / 1000);
  m.clientTime = Math.floor(Number(message.clientTime || message.time || 0) / 1000);
  m.status = message.status === 'failed' ? 'fail' : message.status === 'pending' ? 'unSend' : 'success';
  m.isRevoked = (message.state ?? 0) === 1;
  m.revoker = message.revokedBy || (m.isRevoked ? message.senderId : null);
  m.priority = PRIORITY[message.priority ?? 0] ?? TYPES.MSG_PRIORITY_NORMAL;
  m.nick = message.sender?.nickname ?? '';
  m.avatar = message.sender?.avatar ?? '';
  m.nameCard = message.sender?.nameCard ?? '';
  m.isPeerRead = m.isPeerRead || message.isPeerRead === true;
  m.atUserList = [...(message.mentions?.userIds ?? []), ...(message.mentions?.all ? [TYPES.MSG_AT_ALL as string] : [])];
  m.cloudCustomData = message.cloudCustomData ?? '';
  m.isDeleted = message.deletedForSelf === true;
  m.isModified = (message.version ?? 0) > 0;
  m.version = message.version ?? 0;
  m.needReadReceipt = message.needReadReceipt === true;
  if (message.receipt) m.readReceiptInfo = { readCount: message.receipt.readCount ?? 0, unreadCount: message.receipt.unreadCount ?? 0, isPeerRead: m.readReceiptInfo.isPeerRead };
  m.isBroadcastMessage = message.isBroadcast === true;
  m.isSupportExtension = message.supportsExtensions === true;
  m.sequence = Number(message.seq);
  m.clientSequence = m.clientSequence || Number(message.seq);
  m.random = m.random || randomOfId(message.clientMsgId || message.serverMsgId);
  m.senderTinyID = isSystem ? SYSTEM_TINY_ID : String(message.senderTinyId ?? m.senderTinyID ?? '');
  m.isRead = out || message.isRead === true;
  m.isSystemMessage = isSystem;
  return m;
}
