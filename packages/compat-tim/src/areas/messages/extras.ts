import { ClientCode, chatOf, isParleyError, mediaOf } from '@parley/core';
import { TYPES } from '../../constants.js';
import type { TimMessage } from '../../convert/message.js';
import { mergerItem } from '../../convert/payload.js';
import type { TimCore } from '../../core.js';
import { TimCode, TimError } from '../../errors.js';
import type { GET_GROUP_MESSAGE_READ_MEMBER_LIST_OPTIONS, Message, TRANSLATE_TEXT_OPTIONS } from '../../types.js';
import * as check from './checks.js';
import { coreOf, isTimMessage, messageFailure, refOfTim, whileBusy } from './state.js';

/** `setMessageExtensions`: per-key results `{ code, key, value }` (code 0 for success). */
export function setMessageExtensions(tim: TimCore, message: Message, extensions: unknown[]): Promise<{ extensions: Array<{ code: number; key: string; value: string }> }> {
  const { m, values } = check.setMessageExtensions(tim, message, extensions);
  return whileBusy(tim, m.ID, async () => {
    try {
      // No expected versions: the vendor's web SDK writes unconditionally too.
      const results = await chatOf(tim.client).setExtensions(refOfTim(tim, m), values);
      return { extensions: results.map((r) => ({ code: r.code, key: r.key, value: r.value?.value ?? values[r.key] ?? '' })) };
    } catch (error) {
      throw messageFailure(error, undefined, TimCode.INVALID_OPERATION);
    }
  });
}

/** `getMessageExtensions`: `{ extensions: [{ key, value }] }`, all of them or the named keys. */
export function getMessageExtensions(tim: TimCore, message: Message, keyList?: string[]): Promise<{ extensions: Array<{ key: string; value: string }> }> {
  const { m, keys } = check.getMessageExtensions(tim, message, keyList);
  return (async () => {
    try {
      const map = await chatOf(tim.client).getExtensions(refOfTim(tim, m), keys);
      return { extensions: Object.entries(map).map(([key, v]) => ({ key, value: v.value ?? '' })) };
    } catch (error) {
      throw messageFailure(error, undefined, TimCode.INVALID_OPERATION);
    }
  })();
}

/** `deleteMessageExtensions`: the named keys, or all of them. */
export function deleteMessageExtensions(tim: TimCore, message: Message, keyList?: string[]): Promise<{ extensions: Array<{ code: number; key: string; value: string }> }> {
  const { m, keys } = check.deleteMessageExtensions(tim, message, keyList);
  return whileBusy(tim, m.ID, async () => {
    const client = tim.client;
    const known = Object.keys(coreOf(tim, client, m).extensions ?? {});
    try {
      await chatOf(client).deleteExtensions(refOfTim(tim, m), keys);
    } catch (error) {
      throw messageFailure(error, undefined, TimCode.INVALID_OPERATION);
    }
    return { extensions: (keys.length ? keys : known).map((key) => ({ code: 0, key, value: '' })) };
  });
}

/** `sendMessageReadReceipt`: read receipts for received messages sent with `needReadReceipt`. */
export function sendMessageReadReceipt(tim: TimCore, messageList: Message[]): Promise<Record<string, never>> {
  const list = check.sendMessageReadReceipt(tim, messageList).filter((m) => m.flow === 'in' && m.needReadReceipt);
  return (async () => {
    if (list.length === 0) return {};
    try {
      await chatOf(tim.client).sendReceipts(list.map((m) => refOfTim(tim, m)));
    } catch (error) {
      // Receipts already sent change nothing for the app.
      if (isParleyError(error) && error.code === ClientCode.ALREADY_SET) return {};
      throw messageFailure(error, undefined, TimCode.INVALID_OPERATION);
    }
    return {};
  })();
}

/** `getMessageReadReceiptList`: fills `readReceiptInfo` of own messages sent with `needReadReceipt`. */
export function getMessageReadReceiptList(tim: TimCore, messageList: Message[]): Promise<{ messageList: TimMessage[] }> {
  const own = check.getMessageReadReceiptList(tim, messageList).filter((m) => m.from === tim.userId && m.needReadReceipt);
  return (async () => {
    if (own.length === 0) return { messageList: own };
    const refs = own.map((m) => refOfTim(tim, m));
    let statuses: Awaited<ReturnType<ReturnType<typeof chatOf>['receiptStatus']>>;
    try {
      statuses = await chatOf(tim.client).receiptStatus(refs);
    } catch (error) {
      throw messageFailure(error, undefined, TimCode.INVALID_OPERATION);
    }
    for (const [index, m] of own.entries()) {
      const status = statuses.find((s) => s.ref.seq !== undefined && s.ref.seq === m.sequence && (!s.ref.convId || s.ref.convId === refs[index]?.convId)) ?? statuses[index];
      if (!status) continue;
      m.readReceiptInfo = { readCount: status.readCount, unreadCount: status.unreadCount, isPeerRead: status.isPeerRead };
      if (status.isPeerRead) m.isPeerRead = true;
    }
    return { messageList: own };
  })();
}

/** `getGroupMessageReadMemberList`: who read (`filter` 0) or has not read (1) a group message of mine, paged by `cursor`. */
export function getGroupMessageReadMemberList(tim: TimCore, options: GET_GROUP_MESSAGE_READ_MEMBER_LIST_OPTIONS): Promise<Record<string, unknown>> {
  check.getGroupMessageReadMemberList(tim, options);
  const message = options.message as Message;
  const read = options.filter !== 1;
  const count = typeof options.count === 'number' && options.count > 0 && options.count < 100 ? Math.floor(options.count) : 100;
  const cursor = typeof options.cursor === 'string' ? options.cursor : '';
  return (async () => {
    try {
      const page = await chatOf(tim.client).receiptMembers(refOfTim(tim, message), { read, cursor, count });
      return { cursor: page.nextCursor, isCompleted: page.completed, messageID: message.ID, readUserIDList: read ? page.userIds : [], unreadUserIDList: read ? [] : page.userIds };
    } catch (error) {
      throw messageFailure(error, undefined, TimCode.INVALID_OPERATION, true);
    }
  })();
}

/**
 * `downloadMergeMessage` / `downloadMergerMessage`: fills `payload.messageList` of a merger
 * whose body was uploaded (`downloadKey`), and resolves with the message itself.
 * @throws {TimError} 2450 for a message that is no merger, 2452 when the body cannot be fetched.
 */
export function downloadMergeMessage(tim: TimCore, message: Message): Promise<Message> {
  check.downloadMergeMessage(tim, message);
  if (message.type !== TYPES.MSG_MERGER) return Promise.reject(new TimError({ code: TimCode.MESSAGE_MERGER_TYPE_INVALID }));
  const payload = message.payload as Record<string, unknown>;
  if (!payload?.downloadKey) return Promise.resolve(message);
  return (async () => {
    const client = tim.client;
    const core = isTimMessage(message) ? coreOf(tim, client, message) : undefined;
    const merger = core?.elements.find((e) => e.merger)?.merger ?? { relay: { mediaId: String(payload.downloadKey) } };
    try {
      const inner = await mediaOf(client).mergerMessages(merger);
      payload.messageList = inner.map((m) => mergerItem(m, (u) => tim.urlOf(u)));
      payload.downloadKey = '';
      payload.pbDownloadKey = '';
      return message;
    } catch (error) {
      throw messageFailure(error, undefined, TimCode.MESSAGE_MERGER_DOWNLOAD_FAIL);
    }
  })();
}

/** `translateText`: not offered by this server (CAPABILITIES.md §6.5: translation is not supported). */
export function translateText(tim: TimCore, options: TRANSLATE_TEXT_OPTIONS): Promise<never> {
  check.translateText(tim, options);
  return Promise.reject(new TimError({ code: TimCode.TRANSLATE_TEXT_FAIL }));
}
