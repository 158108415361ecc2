/**
 * Messages between the two generations: the areas produce 2.x `MessageItem` objects
 * (openim.md §4.1), a 3.x app sees and passes 3.x ones (lib/types/entity `MessageItem`).
 *
 * 3.x differs in: `sessionType` 3 for groups; `senderPlatformID` for `platformID`; only the elem
 * of the message's type is present, and text lives in `textElem`, mentions in `atTextElem`,
 * typing in `typingElem`, cards in `cardElem`; `content` is the JSON of that elem; a revoke notice
 * is a 2101 notification whose `detail` is a `RevokedInfo`.
 */

type Obj = Record<string, unknown>;

/** 2.x content types with no 3.x counterpart of the same number. */
const REVOKE_V2 = 111;
/** The 3.x revoke notification. */
export const REVOKE_V3 = 2101;

/** The elem key of each 3.x content type whose elem 2.x already carries in the same shape. */
const SAME_ELEM: Record<number, string> = {
  102: 'pictureElem',
  103: 'soundElem',
  104: 'videoElem',
  105: 'fileElem',
  109: 'locationElem',
  110: 'customElem',
  115: 'faceElem',
};

/** Every elem key of either generation: none survives a conversion unless re-added. */
const ELEM_KEYS = [
  'textElem',
  'cardElem',
  'pictureElem',
  'soundElem',
  'videoElem',
  'fileElem',
  'mergeElem',
  'atElem',
  'atTextElem',
  'faceElem',
  'locationElem',
  'customElem',
  'quoteElem',
  'notificationElem',
  'advancedTextElem',
  'typingElem',
  'markdownTextElem',
  'streamElem',
] as const;

export function isObj(value: unknown): value is Obj {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Parses JSON text into an object; undefined for anything else. */
export function parseObj(text: unknown): Obj | undefined {
  if (typeof text !== 'string' || text === '') return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return isObj(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const num = (value: unknown): number => (typeof value === 'number' ? value : 0);

/** An elem from the 2.x message, or from its `content` JSON when the elem is missing or empty. */
function elemOf(m: Obj, key: string): Obj {
  const elem = m[key];
  if (isObj(elem) && Object.values(elem).some((v) => v !== '' && v !== 0 && v !== null && v !== false)) return elem;
  return parseObj(m.content) ?? (isObj(elem) ? elem : {});
}

/** 3.x's `attachedInfoElem`: what 2.x knows of it is the private-chat flag and the group read count. */
function attachedInfoOf(m: Obj): Obj {
  const old = isObj(m.attachedInfoElem) ? m.attachedInfoElem : {};
  const read = isObj(old.groupHasReadInfo) ? old.groupHasReadInfo : {};
  const readers = Array.isArray(read.hasReadUserIDList) ? read.hasReadUserIDList : [];
  return {
    groupHasReadInfo: { hasReadCount: num(read.hasReadCount), unreadCount: 0, hasReadUserIDList: readers, groupMemberCount: 0 },
    isPrivateChat: old.isPrivateChat === true,
    isEncryption: false,
    inEncryptStatus: false,
    burnDuration: 0,
    hasReadTime: 0,
  };
}

/** A 2.x `MessageItem` object as 3.x's. Values that are not objects pass unchanged. */
export function messageOut(value: unknown): unknown {
  if (!isObj(value)) return value;
  const m = value;
  const { platformID, attachedInfo: _a, progress: _p, downloadProgress: _d, downloaded: _dl, ...rest } = m;
  const out: Obj = { ...rest, senderPlatformID: typeof platformID === 'number' ? platformID : num(m.senderPlatformID) };
  for (const key of ELEM_KEYS) delete out[key];
  if (m.sessionType === 2) out.sessionType = 3;
  out.attachedInfoElem = attachedInfoOf(m);
  const type = num(m.contentType);
  const set = (key: string, elem: Obj, content = JSON.stringify(elem)): void => {
    out[key] = elem;
    out.content = content;
  };
  const sameKey = SAME_ELEM[type];
  if (sameKey) set(sameKey, elemOf(m, sameKey), str(m.content) || JSON.stringify(elemOf(m, sameKey)));
  else if (type === 101) set('textElem', { content: str(m.content) });
  else if (type === 106) {
    const at = elemOf(m, 'atElem');
    set('atTextElem', { text: str(at.text), atUserList: Array.isArray(at.atUserList) ? at.atUserList : [], atUsersInfo: [], isAtSelf: at.isAtSelf === true });
  } else if (type === 107) {
    const merge = elemOf(m, 'mergeElem');
    const list = Array.isArray(merge.multiMessage) ? merge.multiMessage : [];
    set('mergeElem', { title: str(merge.title), abstractList: Array.isArray(merge.abstractList) ? merge.abstractList : [], multiMessage: list.map(messageOut), messageEntityList: [] });
  } else if (type === 108) {
    const card = parseObj(m.content) ?? {};
    set('cardElem', { userID: str(card.userID), nickname: str(card.nickname), faceURL: str(card.faceURL), ex: str(card.ex) });
  } else if (type === 113) set('typingElem', { msgTips: str(m.content) });
  else if (type === 114) {
    const quote = elemOf(m, 'quoteElem');
    set('quoteElem', { text: str(quote.text), quoteMessage: messageOut(quote.quoteMessage ?? {}) });
  } else if (type === REVOKE_V2) {
    out.contentType = REVOKE_V3;
    set('notificationElem', { detail: JSON.stringify(revokedInfoOf(m)) });
  } else if (type >= 1000) {
    const note = isObj(m.notificationElem) ? m.notificationElem : {};
    set('notificationElem', { detail: str(note.detail) }, str(m.content));
  }
  return out;
}

/** The 3.x `RevokedInfo` of a 2.x revoke notice (its `content` is the revoked message's ID). */
export function revokedInfoOf(m: Obj): Obj {
  return {
    revokerID: str(m.sendID),
    revokerRole: 0,
    clientMsgID: str(m.content),
    revokerNickname: str(m.senderNickname),
    revokeTime: num(m.sendTime),
    sourceMessageSendTime: 0,
    sourceMessageSendID: '',
    sourceMessageSenderNickname: '',
    sessionType: m.sessionType === 2 ? 3 : num(m.sessionType),
    seq: 0,
    ex: '',
  };
}

/**
 * A message argument of a 3.x app (a MessageItem object, or its JSON text as `createQuoteMessage`
 * takes it) in the 2.x object shape the areas read. A 2.x-shaped object passes unchanged.
 */
export function messageIn(value: unknown): Obj | undefined {
  const m = typeof value === 'string' ? parseObj(value) : isObj(value) ? value : undefined;
  if (!m) return undefined;
  const { senderPlatformID, textElem, atTextElem, typingElem, cardElem, advancedTextElem: _x, markdownTextElem: _md, streamElem: _s, ...out } = m;
  if (out.sessionType === 3) out.sessionType = 2;
  if (out.platformID === undefined && typeof senderPlatformID === 'number') out.platformID = senderPlatformID;
  const type = num(m.contentType);
  if (type === 101 && isObj(textElem)) out.content = str(textElem.content);
  else if (type === 106 && isObj(atTextElem)) {
    const at = { text: str(atTextElem.text), atUserList: Array.isArray(atTextElem.atUserList) ? atTextElem.atUserList : [], isAtSelf: atTextElem.isAtSelf === true };
    out.atElem = at;
    out.content = JSON.stringify(at);
  } else if (type === 113 && isObj(typingElem)) out.content = str(typingElem.msgTips);
  else if (type === 108 && isObj(cardElem)) out.content = JSON.stringify(cardElem);
  else if (type === 114 && isObj(out.quoteElem)) out.quoteElem = { ...out.quoteElem, quoteMessage: messageIn(out.quoteElem.quoteMessage) ?? {} };
  else if (type === 107 && isObj(out.mergeElem)) {
    const list = Array.isArray(out.mergeElem.multiMessage) ? out.mergeElem.multiMessage : [];
    out.mergeElem = { ...out.mergeElem, multiMessage: list.map((item) => messageIn(item) ?? item) };
  } else if (type === REVOKE_V3) {
    const detail = parseObj(isObj(out.notificationElem) ? out.notificationElem.detail : undefined);
    out.contentType = REVOKE_V2;
    out.content = str(detail?.clientMsgID);
  }
  return out;
}
