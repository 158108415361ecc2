import type { Conversation, Element, Friend, GroupMember, Message, Profile } from './model.js';

/**
 * Derived data (CAPABILITIES.md §6.1): values every shim computes the same way from the rows
 * and messages the store holds. Pure functions: no client, no I/O.
 */

/** Element kinds by the wire's `ElementKind` number (the `Element` oneof field numbers). */
export const ElementKind = {
  text: 1,
  image: 2,
  audio: 3,
  video: 4,
  file: 5,
  location: 6,
  face: 7,
  custom: 8,
  card: 9,
  merger: 10,
  quote: 11,
  groupTip: 12,
  notice: 13,
  revokeTip: 14,
  receipt: 15,
  typing: 16,
  modify: 17,
  extensions: 18,
} as const;

/** The name of an element kind (`'text'`, `'image'`, …): the `Element` oneof member. */
export type ElementKindName = keyof typeof ElementKind;

const KIND_NAMES = Object.keys(ElementKind) as ElementKindName[];

/** Which kind an element is, or `undefined` for an empty (or newer, unknown) element. */
export function elementKindOf(element: Element): ElementKindName | undefined {
  const record = element as Record<string, unknown>;
  return KIND_NAMES.find((name) => record[name] !== undefined && record[name] !== null);
}

/** Total-unread rules (CAPABILITIES.md §4.5): each shim picks its vendor's. */
export type UnreadRule = 'tim' | 'openim' | 'all';

const CONV_ROOM = 3;
const CONV_SYSTEM = 4;
const CONV_CHANNEL = 5;
const RECEIVE_NOTIFY = 0; // ReceiveOpt.RECEIVE_OPT_NOTIFY
const RECEIVE_SILENT = 1; // ReceiveOpt.RECEIVE_OPT_SILENT
const VISIBILITY_DELETED = 2; // Visibility.VISIBILITY_DELETED

/**
 * The total unread count over conversation rows.
 * - `tim`: leaves out the system conversation, rooms and channels, and rows whose receive
 *   option is not `notify`.
 * - `openim`: leaves out rows whose receive option is `silent` (`block` rows never count).
 * - `all`: every row.
 * Deleted rows never count.
 */
export function totalUnread(rows: Iterable<Conversation>, rule: UnreadRule): number {
  let total = 0;
  for (const row of rows) {
    if (row.visibility === VISIBILITY_DELETED || row.unreadCount <= 0) continue;
    const opt = row.receiveOpt ?? RECEIVE_NOTIFY;
    if (rule === 'tim' && (row.type === CONV_SYSTEM || row.type === CONV_ROOM || row.type === CONV_CHANNEL || opt !== RECEIVE_NOTIFY)) continue;
    if (rule === 'openim' && opt === RECEIVE_SILENT) continue;
    total += row.unreadCount;
  }
  return total;
}

/** Something that finds a record by id: a store `Collection`, a `Map`, or a plain lookup. */
export interface Lookup<T> {
  get(id: string): T | undefined;
}

/** Where {@link displayName} looks. */
export interface DisplayNameSources {
  /** Friends by user id (for the remark). */
  friends?: Lookup<Friend>;
  /** Profiles by user id (for the nickname). */
  profiles?: Lookup<Profile>;
  /** The user's membership in the group the name is shown in (for the name card). */
  groupMember?: GroupMember;
}

/** The name to show for a user: friend remark, then group name card, then nickname, then the id. */
export function displayName(userId: string, sources: DisplayNameSources = {}): string {
  const remark = sources.friends?.get(userId)?.remark;
  if (remark) return remark;
  const member = sources.groupMember;
  // A member record of someone else (a caller's slip) must not lend its name card.
  const card = member && (!member.userId || member.userId === userId) ? member.nameCard : undefined;
  if (card) return card;
  const nickname = sources.profiles?.get(userId)?.nickname;
  if (nickname) return nickname;
  return userId;
}

/** What a row's unread mentions say: T `groupAtInfoList`, O `groupAtType`. */
export interface MentionState {
  /** Someone mentioned me in an unread message. */
  atMe: boolean;
  /** Someone mentioned everyone in an unread message. */
  atAll: boolean;
  /** `AtKind`: 0 none, 1 me, 2 all, 3 both (T `CONV_AT_ME` 1, `CONV_AT_ALL` 2, `CONV_AT_ALL_AT_ME` 3). */
  kind: 0 | 1 | 2 | 3;
  /** Seqs of the mentioning messages, ascending. */
  seqs: number[];
}

const AT_ME = 1; // AtKind.AT_KIND_ME
const AT_ALL = 2; // AtKind.AT_KIND_ALL
const AT_ALL_AND_ME = 3; // AtKind.AT_KIND_ALL_AND_ME

/** The unread-mention state of a conversation row (entries at or below `readSeq` are read). */
export function mentionState(row: Conversation): MentionState {
  let atMe = false;
  let atAll = false;
  const seqs: number[] = [];
  for (const at of row.atInfo ?? []) {
    const seq = at.seq ?? 0;
    if (seq <= row.readSeq) continue;
    if (at.kind === AT_ME || at.kind === AT_ALL_AND_ME) atMe = true;
    if (at.kind === AT_ALL || at.kind === AT_ALL_AND_ME) atAll = true;
    seqs.push(seq);
  }
  seqs.sort((a, b) => a - b);
  return { atMe, atAll, kind: ((atMe ? 1 : 0) | (atAll ? 2 : 0)) as MentionState['kind'], seqs };
}

/**
 * Whether the peer of a C2C conversation has read one of my messages: it was sent (has a seq),
 * it is mine (not the peer's), and it is at or below the peer's read position.
 */
export function isPeerRead(message: Message, row: Conversation | undefined): boolean {
  if (message.isPeerRead) return true;
  if (!row || !message.convId.startsWith('c2c:') || message.seq <= 0) return false;
  const peer = message.convId.slice(4);
  if (message.senderId === peer) return false;
  return message.seq <= (row.peerReadSeq ?? 0);
}

/** Words {@link fallbackText} uses for content that is not text. */
export interface FallbackLabels {
  image: string;
  audio: string;
  video: string;
  file: string;
  location: string;
  face: string;
  custom: string;
  card: string;
  merger: string;
  revoked: string;
  other: string;
}

/** The default (English) labels of {@link fallbackText}. */
export const defaultFallbackLabels: Readonly<FallbackLabels> = {
  image: '[Image]',
  audio: '[Voice]',
  video: '[Video]',
  file: '[File]',
  location: '[Location]',
  face: '[Face]',
  custom: '[Custom Message]',
  card: '[Card]',
  merger: '[Chat History]',
  revoked: '[Message revoked]',
  other: '[Message]',
};

/** A short text for one element (T `messageForShow`). */
export function elementText(element: Element, labels: Readonly<FallbackLabels> = defaultFallbackLabels): string {
  const join = (label: string, detail: string | null | undefined) => (detail ? `${label} ${detail}` : label);
  switch (elementKindOf(element)) {
    case 'text':
      return element.text?.text ?? '';
    case 'image':
      return labels.image;
    case 'audio':
      return labels.audio;
    case 'video':
      return labels.video;
    case 'file':
      return join(labels.file, element.file?.media?.fileName);
    case 'location':
      return join(labels.location, element.location?.description);
    case 'face':
      return labels.face;
    case 'custom':
      return element.custom?.description || labels.custom;
    case 'card':
      return labels.card;
    case 'merger':
      return join(labels.merger, element.merger?.title);
    case 'quote':
      return element.quote?.text ?? '';
    case 'groupTip':
      return element.groupTip?.text ?? '';
    case 'notice':
      return element.notice?.text || element.notice?.data || '';
    case 'typing':
      return element.typing?.text ?? '';
    default:
      return labels.other;
  }
}

/**
 * A short plain text for any message: the revoked label for a revoked one, else one built from
 * its elements. The sender's `fallbackText` stands in only where the elements say nothing this
 * version understands (a newer element kind), since a modified message keeps its old one.
 */
export function fallbackText(message: Pick<Message, 'elements'> & Partial<Pick<Message, 'state' | 'fallbackText'>>, labels: Readonly<FallbackLabels> = defaultFallbackLabels): string {
  if (message.state === 1) return labels.revoked; // MessageState.MESSAGE_STATE_REVOKED
  const unknown = message.elements.length === 0 || message.elements.some((e) => elementKindOf(e) === undefined);
  if (unknown && message.fallbackText) return message.fallbackText;
  return message.elements
    .map((e) => elementText(e, labels))
    .filter((t) => t !== '')
    .join(' ');
}

/** What {@link matchesSearch} filters by (CAPABILITIES.md §2.15 O `searchLocalMessages`). */
export interface MessageSearch {
  /** Case-insensitive text to find in text, quote, file-name, location and custom-description content. */
  text?: string;
  convId?: string;
  senderIds?: readonly string[];
  elementKinds?: readonly ElementKindName[];
  /** Messages at or after this time (ms). */
  from?: number;
  /** Messages at or before this time (ms). */
  to?: number;
  /** Most results. @default 100 */
  limit?: number;
}

/** Whether a message matches a local search. Control entries, revoked and deleted messages never match. */
export function matchesSearch(message: Message, query: MessageSearch): boolean {
  if (message.hidden || message.deletedForSelf || message.state === 1) return false;
  if (query.convId !== undefined && message.convId !== query.convId) return false;
  if (query.senderIds?.length && !query.senderIds.includes(message.senderId)) return false;
  if (query.from !== undefined && message.time < query.from) return false;
  if (query.to !== undefined && message.time > query.to) return false;
  if (query.elementKinds?.length) {
    const kinds = query.elementKinds;
    if (!message.elements.some((e) => kinds.includes(elementKindOf(e) as ElementKindName))) return false;
  }
  if (query.text) {
    const needle = query.text.toLowerCase();
    const haystack = message.elements.map(searchableText).join('\n').toLowerCase();
    if (!haystack.includes(needle)) return false;
  }
  return true;
}

function searchableText(element: Element): string {
  return [element.text?.text, element.quote?.text, element.file?.media?.fileName, element.location?.description, element.custom?.description, element.merger?.title]
    .filter((t): t is string => typeof t === 'string' && t !== '')
    .join('\n');
}
