import type { Content } from '@parley/core';
import { RequestFunc } from '../../constants.js';
import { itemViewOf } from '../../convert/message.js';
import type { Entry, Item } from '../../convert/message-elem.js';
import { messageItem } from '../../convert/message-item.js';
import { textContent } from '../../convert/text.js';
import type { OpenImCore } from '../../core.js';
import { newClientMsgId } from '../../ids.js';
import type { MethodSpec } from '../../method.js';
import { text } from './params.js';
import { type Draft, remember, stateOf } from './state.js';

/**
 * A new local message (openim.md §2.3): a fresh clientMsgID, this user as sender, status 1,
 * not addressed yet. The draft is kept so `sendMessage` sends exactly this content.
 */
export function created(core: OpenImCore, content: Content, options: { cloudCustomData?: string; status?: Entry['status'] } = {}): Item {
  const now = Date.now();
  const self = core.userId;
  const profile = core.client.store.profiles.get(self);
  const entry: Entry = {
    convId: '',
    clientMsgId: newClientMsgId(),
    serverMsgId: '',
    seq: 0,
    senderId: self,
    time: now,
    clientTime: now,
    elements: content.elements,
    fallbackText: content.fallbackText,
    sender: { nickname: profile?.nickname ?? '', avatar: profile?.avatar ?? '', platform: core.platformID },
    status: options.status ?? 'pending',
    ...(content.mentions && { mentions: content.mentions }),
    ...(options.cloudCustomData && { cloudCustomData: options.cloudCustomData }),
  };
  const draft: Draft = { content, clientTime: now, ...(options.cloudCustomData && { cloudCustomData: options.cloudCustomData }) };
  remember(stateOf(core).drafts, entry.clientMsgId as string, draft);
  return messageItem(entry, itemViewOf(core));
}

/** A creator: its result is a MessageItem (or "" where the vendor answers that). */
export function creator(event: string, run: (core: OpenImCore, data: unknown) => Item | string): MethodSpec {
  return { event, kind: 'message', run: (core, data) => run(core, data) };
}

/**
 * `createTextMessage`, the creator a chat page needs to start; the other creators (`create.ts`)
 * load on their first call.
 */
export const createTextMessage = creator(RequestFunc.CREATETEXTMESSAGE, (core, data) => created(core, textContent(text(data, 'textStr'))));
