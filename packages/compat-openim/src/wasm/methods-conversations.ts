import { paramError } from '../errors.js';
import { conversationIdV3 } from './dialect.js';
import { type Ctx, conversationOf, conversationV2, obj, sessionTypeV2, unsupported, type WasmTable } from './spec.js';

/** `{ sourceID, sessionType }` with 3.x's group type (3) as 2.x's (2). */
function sourceArgs(data: unknown): { sourceID: string; sessionType: unknown } {
  const { sourceID, sessionType } = obj(data);
  if (typeof sourceID !== 'string' || sourceID === '') throw paramError('sourceID');
  return { sourceID, sessionType: sessionTypeV2(sessionType) };
}

/** A list of 3.x conversation IDs as 2.x's. */
function idList(data: unknown, ctx: Ctx): string[] {
  if (!Array.isArray(data)) throw paramError('conversationIDList');
  return data.map((id) => conversationV2(ctx, id));
}

/** `{ conversationID, …rest }` with the ID in 2.x form. */
function withIdV2(data: unknown, ctx: Ctx): Record<string, unknown> {
  const params = obj(data);
  return { ...params, conversationID: conversationV2(ctx, params.conversationID) };
}

/** The `setConversation` fields this server keeps, and the 2.x method that sets each. */
async function setConversation(ctx: Ctx, data: unknown): Promise<string> {
  const { conversationID, isPinned, recvMsgOpt, isPrivateChat, ...others } = obj(data);
  const id = conversationV2(ctx, conversationID);
  const rest = Object.entries(others).filter(([, value]) => value !== undefined);
  if (rest.length > 0) throw unsupported(`setConversation(${rest.map(([key]) => key).join(', ')})`);
  if (typeof isPinned === 'boolean') await ctx.call('pinConversation', { conversationID: id, isPinned });
  if (typeof recvMsgOpt === 'number') await ctx.call('setConversationRecvMessageOpt', { conversationIDList: [id], opt: recvMsgOpt });
  if (typeof isPrivateChat === 'boolean') await ctx.call('setOneConversationPrivateChat', { conversationID: id, isPrivate: isPrivateChat });
  return '';
}

/** The conversation methods of the 3.x SDK, over the conversations area. */
export const conversationMethods: WasmTable = {
  getAllConversationList: { via: 'getAllConversationList', noData: true },
  getConversationListSplit: { via: 'getConversationListSplit' },
  getOneConversation: { via: 'getOneConversation', args: sourceArgs },
  getConversationIDBySessionType: {
    via: 'getConversationIDBySessionType',
    kind: 'raw',
    text: true,
    args: sourceArgs,
    result: (value, ctx) => {
      const parsed = ctx.core.dialect.parseConversationId(value);
      return parsed ? conversationIdV3(parsed.sessionType, parsed.sourceID, ctx.core.userId) : value;
    },
  },
  getMultipleConversation: { via: 'getMultipleConversation', args: idList },
  deleteConversation: { via: 'deleteConversation', args: (data, ctx) => conversationV2(ctx, data) },
  // Hiding is deleting the local conversation row; its messages stay (as 2.x's deleteConversation).
  hideConversation: { via: 'deleteConversation', args: (data, ctx) => conversationV2(ctx, data) },
  deleteConversationAndDeleteAllMsg: { via: 'deleteConversationFromLocalAndSvr', args: (data, ctx) => conversationV2(ctx, data) },
  clearConversationAndDeleteAllMsg: {
    kind: 'ok',
    run: async (ctx, data) => {
      const { sessionType, sourceID } = conversationOf(ctx, data);
      await ctx.call(sessionType === 1 ? 'clearC2CHistoryMessage' : 'clearGroupHistoryMessage', sourceID);
      return '';
    },
  },
  setConversationDraft: { via: 'setConversationDraft', args: withIdV2 },
  pinConversation: { via: 'pinConversation', args: withIdV2 },
  setConversationPrivateChat: { via: 'setOneConversationPrivateChat', args: withIdV2 },
  getTotalUnreadMsgCount: { via: 'getTotalUnreadMsgCount', noData: true },
  // 3.x answers with the conversations themselves (their recvMsgOpt), not 2.x's {conversationID, result}.
  getConversationRecvMessageOpt: { via: 'getMultipleConversation', args: idList },
  setConversationRecvMessageOpt: {
    via: 'setConversationRecvMessageOpt',
    args: (data, ctx) => {
      const { conversationID, opt } = obj(data);
      return { conversationIDList: [conversationV2(ctx, conversationID)], opt };
    },
  },
  setConversation: { kind: 'ok', run: setConversation },
  markConversationMessageAsRead: {
    via: 'markMessageAsReadByConID',
    args: (data, ctx) => ({ conversationID: conversationV2(ctx, data), msgIDList: [] }),
  },
};
