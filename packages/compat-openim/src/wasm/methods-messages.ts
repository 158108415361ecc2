import { conversationIdV3 } from './dialect.js';
import { isObj, messageIn, messageOut } from './message.js';
import { arrayOf, type Ctx, conversationOf, messageRef, obj, type WasmTable } from './spec.js';

/** The 2.x history of the conversation a 3.x `getAdvancedHistoryMessageList` names, as 3.x's page. */
async function advancedHistory(ctx: Ctx, data: unknown): Promise<unknown> {
  const params = obj(data);
  const { sessionType, sourceID } = conversationOf(ctx, params.conversationID);
  const count = typeof params.count === 'number' && params.count > 0 ? params.count : 20;
  const startClientMsgID = typeof params.startClientMsgID === 'string' ? params.startClientMsgID : '';
  const messages = arrayOf(
    await ctx.call('getHistoryMessageList', { userID: sessionType === 1 ? sourceID : '', groupID: sessionType === 2 ? sourceID : '', count, startClientMsgID }),
  );
  const seqs = messages.map((m) => (isObj(m) && typeof m.seq === 'number' ? m.seq : 0)).filter((seq) => seq > 0);
  // A page shorter than asked is the start of the conversation (openim.md §6.1 12).
  return { messageList: messages.map(messageOut), isEnd: messages.length < count, lastMinSeq: seqs.length ? Math.min(...seqs) : 0, errCode: 0, errMsg: '' };
}

/** 3.x's search result: conversation IDs and types of 3.x, 3.x messages. */
function searchResult(value: unknown, ctx: Ctx): unknown {
  if (!isObj(value)) return value;
  const items = arrayOf(value.searchResultItems).map((item) => {
    if (!isObj(item)) return item;
    const group = item.conversationType === 2;
    const parsed = ctx.core.dialect.parseConversationId(item.conversationID);
    const conversationID = parsed ? conversationIdV3(parsed.sessionType, parsed.sourceID, ctx.core.userId) : item.conversationID;
    return { ...item, conversationID, conversationType: group ? 3 : item.conversationType, messageList: arrayOf(item.messageList).map(messageOut) };
  });
  return { ...value, searchResultItems: items };
}

/** The message methods of the 3.x SDK, over the messages area. */
export const messageMethods: WasmTable = {
  createTextMessage: { via: 'createTextMessage' },
  createTextAtMessage: {
    via: 'createTextAtMessage',
    args: (data) => {
      const { text, atUserIDList } = obj(data);
      return { text, atUserIDList };
    },
  },
  createImageMessageByURL: { via: 'createImageMessage' },
  createSoundMessageByURL: { via: 'createSoundMessage' },
  createVideoMessageByURL: { via: 'createVideoMessage' },
  createFileMessageByURL: { via: 'createFileMessage' },
  createMergerMessage: {
    via: 'createMergerMessage',
    args: (data) => {
      const params = obj(data);
      return { ...params, messageList: arrayOf(params.messageList).map((m) => messageIn(m) ?? m) };
    },
  },
  createForwardMessage: { via: 'createForwardMessage' },
  createFaceMessage: { via: 'createFaceMessage' },
  createLocationMessage: { via: 'createLocationMessage' },
  createCustomMessage: { via: 'createCustomMessage' },
  createQuoteMessage: { via: 'createQuoteMessage' },
  createCardMessage: { via: 'createCardMessage', args: (data) => JSON.stringify(obj(data)) },
  sendMessage: { via: 'sendMessage' },
  sendMessageNotOss: { via: 'sendMessageNotOss' },
  getAdvancedHistoryMessageList: { kind: 'raw', run: advancedHistory },
  revokeMessage: { via: 'revokeMessage', args: messageRef },
  deleteMessageFromLocalStorage: { via: 'deleteMessageFromLocalStorage', args: messageRef },
  deleteMessage: { via: 'deleteMessageFromLocalAndSvr', args: messageRef },
  deleteAllMsgFromLocal: { via: 'deleteAllMsgFromLocal', noData: true },
  deleteAllMsgFromLocalAndSvr: { via: 'deleteAllMsgFromLocalAndSvr', noData: true },
  insertSingleMessageToLocalStorage: { via: 'insertSingleMessageToLocalStorage' },
  insertGroupMessageToLocalStorage: { via: 'insertGroupMessageToLocalStorage' },
  typingStatusUpdate: { via: 'typingStatusUpdate' },
  searchLocalMessages: {
    via: 'searchLocalMessages',
    kind: 'raw',
    args: (data, ctx) => {
      const { conversationID, ...rest } = obj(data);
      if (conversationID === '' || conversationID === undefined) return { ...rest, sourceID: '', sessionType: 0 };
      const { sessionType, sourceID } = conversationOf(ctx, conversationID);
      return { ...rest, sourceID, sessionType };
    },
    result: searchResult,
  },
};
