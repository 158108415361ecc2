import type { Client, CollectionChange, Conversation, Message as CoreMessage, PushFrame } from '@parley/core';
import { EVENT, TYPES } from '../../constants.js';
import type { TimMessage } from '../../convert/message.js';
import type { TimCore } from '../../core.js';
import { targetOf, toConversationID } from '../../ids.js';
import { uploads } from '../lazy-areas.js';
import { EventBatch } from './batch.js';
import { isShownNotice, stateOf, timOfRef } from './state.js';

/** What a message looked like before an update, to tell what changed. */
interface Before {
  revoked: boolean;
  version: number;
  peerRead: boolean;
}

const isOwnC2C = (m: TimMessage) => m.flow === 'out' && m.conversationType === TYPES.CONV_C2C;

/**
 * Translates the core's message events into TIM's: MESSAGE_RECEIVED (with
 * GROUP_SYSTEM_NOTICE_RECEIVED for each notice), MESSAGE_REVOKED, MESSAGE_MODIFIED,
 * MESSAGE_READ_BY_PEER, MESSAGE_READ_RECEIPT_RECEIVED and MESSAGE_EXTENSIONS_UPDATED/DELETED,
 * batched per tick. Messages the login's sync brings are history, not "received"; this
 * instance's own sends never come back as received.
 */
export function wireMessages(tim: TimCore, client: Client): () => void {
  const state = stateOf(tim);
  // The outbox's upload step, for messages with files (this session's, or a previous one's
  // still unsent): the media area loads when the first of them needs it.
  client.setMessagePreparer((message) => ((message as { uploads?: unknown }).uploads === undefined ? Promise.resolve(message) : uploads.load().then((u) => u.prepare(client, message))));
  state.own.clear();
  state.busy.clear();
  const batch = new EventBatch(tim);
  // The login's sync ends before SDK_READY; what arrives after it (reconnect syncs included) is news.
  let live = client.state === 'ready';
  const peerReadSeqs = new Map<string, number>();

  const received = (convId: string, list: readonly CoreMessage[]) => {
    // AVChatRoom messages are the room handles' (groups area), which announce them themselves.
    if (convId.startsWith('room:') || convId.startsWith('channel:')) return;
    for (const core of list) {
      // Pending and failed entries are this client's own outbox; own sends may also come back by push.
      if (core.status !== 'sent' || core.hidden || state.own.has(core.clientMsgId)) continue;
      const m = tim.timMessage(core);
      if (!m || !live) continue;
      if (m.type === TYPES.MSG_GRP_SYS_NOTICE) {
        const type = Number(m.payload.operationType);
        if (!isShownNotice(type)) continue;
        batch.message(EVENT.MESSAGE_RECEIVED, m);
        // tim-js-sdk 2.27.6 never emits this, but seed-era apps listen for it (tim.md §6.15).
        batch.single(EVENT.GROUP_SYSTEM_NOTICE_RECEIVED, { type, message: m });
      } else {
        batch.message(EVENT.MESSAGE_RECEIVED, m);
      }
    }
  };

  const updated = (core: CoreMessage) => {
    if (core.hidden) return;
    const known = tim.messages.get(core.clientMsgId || core.serverMsgId);
    // A message the app was never handed has nothing to update on its side.
    if (!known) return;
    const before: Before = { revoked: known.isRevoked, version: known.version ?? 0, peerRead: known.isPeerRead };
    const m = tim.timMessage(core);
    if (!m || !live) return;
    const own = state.busy.has(m.ID);
    if (!before.revoked && m.isRevoked && !own) batch.message(EVENT.MESSAGE_REVOKED, m);
    if ((m.version ?? 0) > before.version && !own) batch.message(EVENT.MESSAGE_MODIFIED, m);
    if (!before.peerRead && m.isPeerRead && isOwnC2C(m)) batch.message(EVENT.MESSAGE_READ_BY_PEER, m);
  };

  // The peer's read position moves on the conversation row; own messages at or below it are read.
  const rows = (change: CollectionChange<Conversation>) => {
    for (const row of change.upserted) {
      if (!row.convId.startsWith('c2c:')) continue;
      const seq = Number(row.peerReadSeq ?? 0);
      if (seq <= (peerReadSeqs.get(row.convId) ?? 0)) continue;
      peerReadSeqs.set(row.convId, seq);
      const conversationID = toConversationID(row.convId);
      for (const m of tim.messages.values()) {
        if (m.conversationID !== conversationID || !isOwnC2C(m) || m.isPeerRead || !(m.sequence > 0) || m.sequence > seq) continue;
        m.isPeerRead = true;
        if (live) batch.message(EVENT.MESSAGE_READ_BY_PEER, m);
      }
    }
  };

  const pushed = (push: PushFrame) => {
    if (!live) return;
    const receipt = push.readReceipt;
    if (receipt) {
      const convId = receipt.convId ?? '';
      const c2c = convId.startsWith('c2c:');
      const items: unknown[] = [];
      for (const status of receipt.statuses ?? []) {
        const m = timOfRef(tim, client, { ...(status.ref ?? {}), convId: status.ref?.convId || convId });
        if (!m) continue;
        if (c2c) {
          m.readReceiptInfo = { ...m.readReceiptInfo, isPeerRead: true };
          items.push({ userID: receipt.readerId || targetOf(convId), messageID: m.ID, isPeerRead: true });
        } else {
          const readCount = status.readCount ?? 0;
          const unreadCount = status.unreadCount ?? 0;
          m.readReceiptInfo = { ...m.readReceiptInfo, readCount, unreadCount };
          items.push({ groupID: targetOf(convId), messageID: m.ID, readCount, unreadCount });
        }
      }
      if (items.length) batch.items(EVENT.MESSAGE_READ_RECEIPT_RECEIVED, items);
      return;
    }
    const ext = push.messageExtensions;
    if (ext?.ref) {
      const m = timOfRef(tim, client, ext.ref);
      if (!m) return;
      const upserted = Object.entries(ext.upserted ?? {});
      if (upserted.length) batch.single(EVENT.MESSAGE_EXTENSIONS_UPDATED, { messageID: m.ID, extensions: upserted.map(([key, v]) => ({ key, value: v?.value ?? '' })) });
      const keyList = [...(ext.deletedKeys ?? [])];
      if (keyList.length) batch.single(EVENT.MESSAGE_EXTENSIONS_DELETED, { messageID: m.ID, keyList });
    }
  };

  const offs = [
    client.on('syncEnd', () => {
      live = true;
    }),
    client.on('messages', received),
    client.on('messageUpdated', updated),
    client.on('conversations', rows),
    client.on('push', pushed),
  ];
  return () => {
    for (const off of offs) off();
    batch.dispose();
  };
}
