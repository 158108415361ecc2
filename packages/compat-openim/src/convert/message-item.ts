import type { Element, MessageRef } from '@parley/core';
import { MessageType } from '../constants.js';
import { Session } from '../ids.js';
import { type Entry, elementContent, type Item, type ItemContent, zeroElems } from './message-elem.js';

/** Who is looking, and where sender names come from when the entry carries none. */
export interface ItemView {
  /** The signed-in user: decides `recvID`, `isRead` and `atElem.isAtSelf`. */
  self: string;
  /** A cached profile (nickname, avatar), if any. */
  profile?(userId: string): { nickname?: string | null; avatar?: string | null } | undefined;
  /** @default Date.now */
  now?(): number;
}

/** `msgFrom` values (openim.md §4.3). */
export const MsgFrom = { USER: 100, SYSTEM: 200 } as const;

/** The `MessageState` of a revoked entry on the wire. */
const REVOKED = 1;
/** The `UserKind` of an app administrator on the wire. */
const ADMIN_KIND = 3;

/** Where an entry belongs in OpenIM terms: session type, receiver and group, seen by `self`. */
export function sessionOf(convId: string, senderId: string, self: string): { sessionType: number; recvID: string; groupID: string } {
  const colon = convId.indexOf(':');
  const kind = colon < 0 ? convId : convId.slice(0, colon);
  const target = colon < 0 ? '' : convId.slice(colon + 1);
  if (kind === 'c2c') return { sessionType: Session.SINGLE, recvID: senderId === self ? target : self, groupID: '' };
  if (kind === 'group' || kind === 'room' || kind === 'channel') return { sessionType: Session.GROUP, recvID: self, groupID: target };
  if (kind === 'system') return { sessionType: 4, recvID: self, groupID: '' };
  // A draft: not addressed until it is sent (openim.md §2.3).
  return { sessionType: 0, recvID: '', groupID: '' };
}

/**
 * The entry that shows a revoke in OpenIM: a contentType 111 message whose `content` is the
 * revoked message's `clientMsgID`. Parley records a revoke as a hidden `revokeTip` control entry
 * whose clientMsgId is `revoke:<serverMsgId of the original>`; when only the revoke itself is
 * known (a `messageRevoked` push, or a row whose last message is the revoked original) the tip is
 * rebuilt with that same id, so history, events and `latestMsg` agree on one clientMsgID.
 */
export function revokeTipEntry(convId: string, target: MessageRef, revokedBy: string, revokedAt: number, tipSeq = 0): Entry {
  return {
    convId,
    clientMsgId: `revoke:${target.serverMsgId ?? ''}`,
    serverMsgId: '',
    seq: tipSeq,
    senderId: revokedBy,
    time: revokedAt,
    clientTime: revokedAt,
    hidden: true,
    elements: [{ revokeTip: { target, revokedBy, revokedAt } }],
  };
}

function statusOf(entry: Entry, content: ItemContent): number {
  if (entry.deletedForSelf) return 4;
  // Receipts and other control entries are stored "filtered" (6) by the vendor; revoke tips show.
  if (entry.hidden && content.contentType !== MessageType.REVOKEMESSAGE) return 6;
  if (entry.status === 'pending') return 1;
  if (entry.status === 'failed') return 3;
  return 2;
}

function contentOf(elements: readonly Element[], entry: Entry, view: ItemView): ItemContent {
  const embed = (snapshot: Entry) => messageItem(snapshot, view);
  const first = elements[0];
  const single = elements.length === 1 && first ? elementContent(first, entry, view.self, embed, view.now?.() ?? Date.now()) : undefined;
  // Several elements (TIM allows it) or one OpenIM cannot show: its plain-text rendering.
  return single ?? { contentType: MessageType.TEXTMESSAGE, content: entry.fallbackText || '' };
}

/**
 * A core message (or an embedded snapshot) as the 2.x `MessageItem` `view.self` sees
 * (openim.md §4.1): every field, the elems of other types zero-valued, times in ms. A revoked
 * message is shown as its 111 tip ({@link revokeTipEntry}), as OpenIM shows it.
 */
export function messageItem(entry: Entry, view: ItemView): Item {
  if (entry.state === REVOKED && !entry.hidden) {
    const target: MessageRef = { serverMsgId: entry.serverMsgId ?? '', clientMsgId: entry.clientMsgId ?? '', senderId: entry.senderId ?? '', seq: entry.seq ?? 0 };
    return messageItem(revokeTipEntry(entry.convId ?? '', target, entry.revokedBy || entry.senderId || '', Number(entry.revokedAt || entry.time || 0)), view);
  }
  const senderId = entry.senderId ?? '';
  const content = contentOf(entry.elements ?? [], entry, view);
  const own = senderId === view.self;
  const profile = entry.sender?.nickname && entry.sender.avatar ? undefined : view.profile?.(senderId);
  const system = entry.senderKind === ADMIN_KIND || content.contentType >= 1000;
  const push = entry.offlinePush;
  const time = Number(entry.time ?? 0);
  const item: Item = {
    // Server-made entries (group tips) have no client id: their server id stands in.
    clientMsgID: entry.clientMsgId || entry.serverMsgId || '',
    serverMsgID: entry.serverMsgId ?? '',
    createTime: Number(entry.clientTime || time),
    sendTime: time,
    ...sessionOf(entry.convId ?? '', senderId, view.self),
    sendID: senderId,
    msgFrom: system ? MsgFrom.SYSTEM : MsgFrom.USER,
    contentType: content.contentType,
    platformID: entry.sender?.platform ?? 0,
    senderNickname: entry.sender?.nickname || profile?.nickname || '',
    senderFaceUrl: entry.sender?.avatar || profile?.avatar || '',
    content: content.content,
    seq: Number(entry.seq ?? 0),
    isRead: (own ? entry.isPeerRead : entry.isRead) === true,
    status: statusOf(entry, content),
    offlinePush: { title: push?.title ?? '', desc: push?.desc ?? '', ex: push?.ext ?? '', iOSPushSound: push?.sound ?? '', iOSBadgeCount: push?.badge ?? false },
    attachedInfo: '',
    attachedInfoElem: { groupHasReadInfo: { hasReadCount: 0, hasReadUserIDList: null }, isPrivateChat: false },
    ex: entry.cloudCustomData ?? '',
    ...zeroElems(),
  };
  if (content.elem) item[content.elem[0]] = content.elem[1];
  return item;
}
