import type { parley } from '@parley/protocol';
import { ErrorCode, ServerError } from '../../errors.js';
import { deleteConversations, getConversations, listConversations, updateConversations } from '../../model/conversations.js';
import * as auth from '../auth.js';
import { type OpCall, type OpFamily, requireSession } from './types.js';

/** Session, conversations, messages, read state and sync (issue 3). */
export const coreOps: OpFamily = {
  ops: {
    connPing: async ({ server }) => ({ serverTime: server.now() }),
    authLogout: async (call) => auth.logout(call.server, requireSession(call).session),
    authRefresh: async (call: OpCall<parley.v1.AuthRefresh>) => {
      const { session, conn } = requireSession(call);
      return auth.refresh(call.server, conn, session, call.payload);
    },
    accountChangePassword: async (call: OpCall<parley.v1.AccountChangePassword>) => auth.changePassword(call.server, requireSession(call).session, call.payload),

    convList: ({ ctx, actor, payload }: OpCall<parley.v1.ConvList>) => listConversations(ctx, actor, payload),
    convGet: ({ ctx, actor, payload }: OpCall<parley.v1.ConvGet>) => getConversations(ctx, actor, payload),
    convUpdate: ({ ctx, actor, payload }: OpCall<parley.v1.ConvUpdate>) => updateConversations(ctx, actor, payload),
    convDelete: ({ ctx, actor, payload }: OpCall<parley.v1.ConvDelete>) => deleteConversations(ctx, actor, payload),

    msgSend: ({ server, ctx, actor, payload }: OpCall<parley.v1.Message>) => server.messaging.send(ctx, actor, payload),
    msgSignal: async ({ server, ctx, actor, payload }: OpCall<parley.v1.MsgSignal>) => {
      if (!payload.toId) throw new ServerError(ErrorCode.INVALID_PARAM, 'toId: required', { detail: 'toId' });
      if (Buffer.byteLength(payload.text) > 1024) throw new ServerError(ErrorCode.TOO_LARGE, 'text: at most 1024 bytes', { detail: 'text' });
      // Typing is live only (§1.15): never stored, never counted, peer's sessions only.
      server.deliver.toUser(ctx.app.id, payload.toId, { typing: { fromId: actor.userId, text: payload.text } });
    },
    msgRevoke: ({ server, ctx, actor, payload }: OpCall<parley.v1.MsgRevoke>) => server.messaging.revoke(ctx, actor, payload),
    msgModify: ({ server, ctx, actor, payload }: OpCall<parley.v1.MsgModify>) => server.messaging.modify(ctx, actor, payload),
    msgHistory: ({ server, ctx, actor, payload }: OpCall<parley.v1.MsgHistory>) => server.messaging.history(ctx, actor, payload),
    msgGet: ({ server, ctx, actor, payload }: OpCall<parley.v1.MsgRefs>) => server.messaging.get(ctx, actor, payload),
    readMark: ({ server, ctx, actor, payload }: OpCall<parley.v1.ReadMark>) => server.read.mark(ctx, actor, payload),
    readReceipt: ({ server, ctx, actor, payload }: OpCall<parley.v1.MsgRefs>) => server.read.receipt(ctx, actor, payload),
    readReceiptStatus: ({ server, ctx, actor, payload }: OpCall<parley.v1.MsgRefs>) => server.read.receiptStatus(ctx, actor, payload),

    syncChanges: ({ server, ctx, actor, payload }: OpCall<parley.v1.SyncChanges>) => server.sync.changes(ctx, actor, payload),
    syncPull: ({ server, ctx, actor, payload }: OpCall<parley.v1.SyncPull>) => server.sync.pull(ctx, actor, payload),
    syncAck: ({ server, ctx, actor, payload }: OpCall<parley.v1.SyncAck>) => server.sync.ack(ctx, actor, payload),
    syncSnapshot: ({ server, ctx, actor, payload }: OpCall<parley.v1.SyncSnapshot>) => server.sync.snapshot(ctx, actor, payload),
  },
  readOnly: ['connPing', 'convList', 'convGet', 'msgHistory', 'msgGet', 'readReceiptStatus', 'syncChanges', 'syncPull', 'syncSnapshot'],
  guest: ['connPing', 'authLogout', 'authRefresh', 'syncChanges', 'syncSnapshot'],
  sessionOnly: ['connPing', 'authLogout', 'authRefresh', 'accountChangePassword'],
};
