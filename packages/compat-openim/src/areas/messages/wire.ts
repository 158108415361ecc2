import type { Client, Message, MessageRef, PushFrame } from '@parley/core';
import { CbEvents, MessageType } from '../../constants.js';
import { toMessageItem } from '../../convert/message.js';
import type { Entry } from '../../convert/message-elem.js';
import { MsgFrom, revokeTipEntry } from '../../convert/message-item.js';
import type { OpenImCore } from '../../core.js';
import { newClientMsgId, Session } from '../../ids.js';
import { firstSight, remember, stateOf } from './state.js';

/** Message-listener events carry operationID "0" (openim.md §1.4). */
const OP = '0';

const idOf = (ref: MessageRef | null | undefined) => ref?.clientMsgId || ref?.serverMsgId || '';
const isChat = (convId: string) => convId.startsWith('c2c:') || convId.startsWith('group:');

/**
 * Translates the core's message traffic into OpenIM's message-listener events (openim.md §3.3,
 * §6.1 items 5, 7, 8):
 * - `OnRecvNewMessage`, one per message in ascending order: received and synced messages, and
 *   this user's sends from other devices, once per clientMsgID; never this page's own sends
 *   or local inserts;
 * - revokes (a `messageRevoked` push, or a synced `revokeTip` entry): `OnRecvMessageRevoked`
 *   with the plain clientMsgID, then the 111 tip as `OnRecvNewMessage`, once per revoke;
 * - read receipts: `OnRecvC2CReadReceipt`;
 * - typing signals: `OnRecvNewMessage` with contentType 113 (`content` = the tip text).
 * Within one batch: revokes first, then new messages (the vendor's order).
 */
export function wireMessages(core: OpenImCore, client: Client): () => void {
  const announce = (revoked: readonly string[], fresh: readonly Entry[]) => {
    for (const clientMsgId of revoked) core.emit(CbEvents.ONRECVMESSAGEREVOKED, clientMsgId, 'raw', OP);
    for (const entry of fresh) core.emit(CbEvents.ONRECVNEWMESSAGE, toMessageItem(core, entry), 'message', OP);
  };

  const received = (convId: string, messages: Message[]) => {
    if (!isChat(convId)) return;
    const revoked: string[] = [];
    const fresh: Entry[] = [];
    const { refs } = stateOf(core);
    for (const m of messages) {
      // Unsent entries are this page's outbox; deleted and local-only ones were never "received".
      if (m.status !== 'sent' || m.deletedForSelf || m.localOnly) continue;
      const key = m.clientMsgId || m.serverMsgId;
      if (m.hidden) {
        const tip = m.elements.find((e) => e.revokeTip)?.revokeTip;
        if (!tip || !firstSight(core, `r:${idOf(tip.target)}`)) continue;
        revoked.push(idOf(tip.target));
        if (firstSight(core, `m:${key}`)) fresh.push(m);
      } else if (m.state !== 1 && firstSight(core, `m:${key}`)) {
        // A revoked original is shown by its tip, which follows it in the log.
        fresh.push(m);
      } else continue;
      if (m.seq > 0) remember(refs, key, { convId, seq: m.seq });
    }
    announce(revoked, fresh);
  };

  const pushed = (push: PushFrame) => {
    const receipt = push.readReceipt;
    if (receipt) {
      // Groups have no receipts in OpenIM 2.x.
      if (!receipt.convId?.startsWith('c2c:')) return;
      const msgIDList = (receipt.statuses ?? []).map((s) => idOf(s.ref)).filter(Boolean);
      if (msgIDList.length === 0) return;
      const item = { uid: receipt.readerId ?? '', msgIDList, readTime: Number(receipt.readAt ?? 0), msgFrom: MsgFrom.USER, contentType: MessageType.HASREADRECEIPTMESSAGE, sessionType: Session.SINGLE };
      core.emit(CbEvents.ONRECVC2CREADRECEIPT, [item], 'receipts', OP);
      return;
    }
    const revoke = push.messageRevoked;
    if (revoke?.ref) {
      const ref = revoke.ref;
      const convId = ref.convId ?? '';
      if (!isChat(convId) || !firstSight(core, `r:${idOf(ref)}`)) return;
      const tip = revokeTipEntry(convId, ref, revoke.revokedBy ?? '', Number(revoke.revokedAt ?? 0), Number(revoke.tipSeq ?? 0));
      const fresh = firstSight(core, `m:${tip.clientMsgId}`) ? [tip] : [];
      if (tip.seq) remember(stateOf(core).refs, tip.clientMsgId as string, { convId, seq: tip.seq });
      announce([idOf(ref)], fresh);
      return;
    }
    const typing = push.typing;
    if (typing?.fromId) {
      const now = Date.now();
      const entry: Entry = { convId: `c2c:${typing.fromId}`, clientMsgId: newClientMsgId(), serverMsgId: '', seq: 0, senderId: typing.fromId, time: now, clientTime: now, elements: [{ typing: { text: typing.text ?? '' } }] };
      announce([], [entry]);
    }
  };

  const offs = [client.on('messages', received), client.on('push', pushed)];
  return () => {
    for (const off of offs) off();
  };
}
