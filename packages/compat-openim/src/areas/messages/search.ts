import { chatOf, type ElementKindName, type Message, type SearchOptions } from '@parley/core';
import { MessageType, RequestFunc } from '../../constants.js';
import { toMessageItem } from '../../convert/message.js';
import type { Item } from '../../convert/message-elem.js';
import type { OpenImCore } from '../../core.js';
import { paramError } from '../../errors.js';
import { conversationIdOf, coreConvId, Session } from '../../ids.js';
import type { MethodTable } from '../../method.js';
import { rememberRefs } from './history.js';
import { ids, list } from './list-params.js';
import { number, record } from './params.js';

/** The element kind behind each searchable content type. */
const KIND_OF: Record<number, ElementKindName> = {
  [MessageType.TEXTMESSAGE]: 'text',
  [MessageType.ATTEXTMESSAGE]: 'text',
  [MessageType.PICTUREMESSAGE]: 'image',
  [MessageType.VOICEMESSAGE]: 'audio',
  [MessageType.VIDEOMESSAGE]: 'video',
  [MessageType.FILEMESSAGE]: 'file',
  [MessageType.MERGERMESSAGE]: 'merger',
  [MessageType.CARDMESSAGE]: 'card',
  [MessageType.LOCATIONMESSAGE]: 'location',
  [MessageType.CUSTOMMESSAGE]: 'custom',
  [MessageType.QUOTEMESSAGE]: 'quote',
  [MessageType.FACEMESSAGE]: 'face',
};

/** Most messages one search looks at. */
const MAX_RESULTS = 10_000;

const keyOf = (m: Message) => (m.seq > 0 ? `${m.convId}\u0000${m.seq}` : `\u0000${m.clientMsgId}`);

/** The messages matching every (`all`) or any keyword, newest first. */
async function matching(core: OpenImCore, base: SearchOptions, keywords: readonly string[], all: boolean): Promise<Message[]> {
  const chat = chatOf(core.client);
  if (keywords.length === 0) return chat.search(base);
  const hits = await Promise.all(keywords.map((keyword) => chat.search({ ...base, text: keyword })));
  const byKey = new Map<string, { message: Message; count: number }>();
  for (const list of hits) {
    for (const m of list) {
      const hit = byKey.get(keyOf(m)) ?? { message: m, count: 0 };
      hit.count++;
      byKey.set(keyOf(m), hit);
    }
  }
  const found = [...byKey.values()].filter((h) => !all || h.count === keywords.length).map((h) => h.message);
  return found.sort((a, b) => b.time - a.time || b.seq - a.seq);
}

/**
 * `searchLocalMessages` (2.0.3; CAPABILITIES.md §2.15): a search of the messages this client
 * holds, in one conversation (`sourceID` + `sessionType`) or all. Keywords match text, quote,
 * file-name, location and custom-description content (`keywordListMatchType` 0 any, 1 all);
 * `searchTimePosition` (s, 0 = now) and `searchTimePeriod` (s, 0 = no limit) bound the time;
 * `pageIndex`/`count` page the newest-first list. Answers
 * `{totalCount, searchResultItems: [{conversationID, conversationType, showName, faceURL, messageCount, messageList}]}`.
 * @throws {OpenImError} 1001 with neither keywords nor content types.
 */
async function search(core: OpenImCore, data: unknown): Promise<unknown> {
  const p = record(data);
  const sourceID = typeof p.sourceID === 'string' ? p.sourceID : '';
  const sessionType = number(p.sessionType, 'sessionType', Session.SINGLE) === Session.GROUP ? Session.GROUP : Session.SINGLE;
  const keywords = p.keywordList === undefined ? [] : ids(p.keywordList, 'keywordList').filter(Boolean);
  const types = (p.messageTypeList === undefined ? [] : list(p.messageTypeList, 'messageTypeList')).map(Number);
  if (keywords.length === 0 && types.length === 0) throw paramError('keywordList');
  const senders = p.senderUserIDList === undefined ? [] : ids(p.senderUserIDList, 'senderUserIDList');
  const position = number(p.searchTimePosition, 'searchTimePosition', 0);
  const period = number(p.searchTimePeriod, 'searchTimePeriod', 0);
  const to = position > 0 ? position * 1000 : undefined;
  const kinds = [...new Set(types.map((t) => KIND_OF[t]).filter((k): k is ElementKindName => k !== undefined))];
  const base: SearchOptions = {
    limit: MAX_RESULTS,
    ...(sourceID && { convId: coreConvId(sessionType, sourceID) }),
    ...(senders.length && { senderIds: senders }),
    ...(kinds.length && { elementKinds: kinds }),
    ...(to !== undefined && { to }),
    ...(period > 0 && { from: (to ?? Date.now()) - period * 1000 }),
  };
  if (types.length && kinds.length === 0) return { totalCount: 0, searchResultItems: [] };
  let items = (await matching(core, base, keywords, p.keywordListMatchType === 1)).map((m) => ({ m, item: toMessageItem(core, m) }));
  if (types.length) items = items.filter(({ item }) => types.includes(item.contentType as number));
  const pageIndex = number(p.pageIndex, 'pageIndex', 0);
  const count = number(p.count, 'count', 0);
  const total = items.length;
  if (pageIndex > 0 && count > 0) items = items.slice((pageIndex - 1) * count, pageIndex * count);
  rememberRefs(
    core,
    items.map(({ m }) => m),
  );
  const groups = new Map<string, Item[]>();
  for (const { m, item } of items) groups.set(m.convId, [...(groups.get(m.convId) ?? []), item]);
  const client = core.client;
  const searchResultItems = [...groups].map(([convId, messageList]) => {
    const group = convId.startsWith('group:');
    const target = convId.slice(convId.indexOf(':') + 1);
    const type = group ? Session.GROUP : Session.SINGLE;
    const profile = group ? undefined : client.store.profiles.get(target);
    const info = group ? client.store.groups.get(target) : undefined;
    return {
      conversationID: conversationIdOf(type, target),
      conversationType: type,
      showName: (group ? info?.name : profile?.nickname) || '',
      faceURL: (group ? info?.avatar : profile?.avatar) || '',
      messageCount: messageList.length,
      messageList,
    };
  });
  return { totalCount: total, searchResultItems };
}

/** Local search. */
export const searchMethods: MethodTable = {
  searchLocalMessages: { event: RequestFunc.SEARCHLOCALMESSAGES, kind: 'raw', run: (core, data) => search(core, data) },
};
