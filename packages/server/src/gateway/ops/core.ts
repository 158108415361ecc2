import type { parley } from '@parley/protocol';
import { ErrorCode, ServerError } from '../../errors.js';
import { deleteConversations, getConversations, listConversations, updateConversations } from '../../model/conversations.js';
import { deleteExtensions, getExtensions, setExtensions } from '../../model/extensions.js';
import { checkC2CSend } from '../../model/friends.js';
import { clearForSelf, deleteForSelf, insertForSelf } from '../../model/overlay.js';
import { editFolder, getConvSettings, listFolders, updateSettings } from '../../model/settings.js';
import { transact } from '../../model/tx.js';
import { checkUserId, getUserCached } from '../../model/users.js';
import * as auth from '../auth.js';
import { type OpCall, type OpFamily, requireSession } from './types.js';

/** Session, conversations and per-user settings, messages, read state and sync (issues 3 and 4). */
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
    convGetSettings: ({ ctx, actor, payload }: OpCall<parley.v1.ConvGetSettings>) => getConvSettings(ctx, actor, payload),
    settingsUpdate: ({ ctx, actor, payload }: OpCall<parley.v1.SettingsUpdate>) => updateSettings(ctx, actor, payload),
    convFolderList: ({ ctx, actor }) => listFolders(ctx, actor),
    convFolderCreate: ({ ctx, actor, payload }: OpCall<parley.v1.FolderEdit>) => editFolder(ctx, actor, 'create', payload),
    convFolderDelete: ({ ctx, actor, payload }: OpCall<parley.v1.FolderEdit>) => editFolder(ctx, actor, 'delete', payload),
    convFolderRename: ({ ctx, actor, payload }: OpCall<parley.v1.FolderEdit>) => editFolder(ctx, actor, 'rename', payload),
    convFolderAdd: ({ ctx, actor, payload }: OpCall<parley.v1.FolderEdit>) => editFolder(ctx, actor, 'add', payload),
    convFolderRemove: ({ ctx, actor, payload }: OpCall<parley.v1.FolderEdit>) => editFolder(ctx, actor, 'remove', payload),

    msgSend: ({ server, ctx, actor, payload }: OpCall<parley.v1.Message>) => server.messaging.send(ctx, actor, payload),
    msgSignal: async ({ server, ctx, actor, payload }: OpCall<parley.v1.MsgSignal>) => {
      if (!payload.toId) throw new ServerError(ErrorCode.INVALID_PARAM, 'toId: required', { detail: 'toId' });
      const toId = checkUserId(payload.toId, 'toId');
      if (Buffer.byteLength(payload.text) > 1024) throw new ServerError(ErrorCode.TOO_LARGE, 'text: at most 1024 bytes', { detail: 'text' });
      // A signal reaches only whom a message could: an existing user who has not blocked the
      // sender (and a friend under `chatFriendOnly`). Otherwise a blocked user could still push
      // to the blocker, and an unknown id would answer as if someone were there.
      if (toId !== actor.userId) {
        if (!(await getUserCached(ctx.store, ctx.app.id, toId))) throw new ServerError(ErrorCode.USER_NOT_FOUND, 'no such user', { detail: 'toId' });
        await transact(ctx.store, (tx) => checkC2CSend(tx, ctx, actor, toId));
      }
      // Typing is live only (§1.15): never stored, never counted, peer's sessions only.
      server.deliver.toUser(ctx.app.id, toId, { typing: { fromId: actor.userId, text: payload.text } });
    },
    msgRevoke: ({ server, ctx, actor, payload }: OpCall<parley.v1.MsgRevoke>) => server.messaging.revoke(ctx, actor, payload),
    msgModify: ({ server, ctx, actor, payload }: OpCall<parley.v1.MsgModify>) => server.messaging.modify(ctx, actor, payload),
    msgHistory: ({ server, ctx, actor, payload }: OpCall<parley.v1.MsgHistory>) => server.messaging.history(ctx, actor, payload),
    msgGet: ({ server, ctx, actor, payload }: OpCall<parley.v1.MsgRefs>) => server.messaging.get(ctx, actor, payload),
    msgDeleteForSelf: ({ ctx, actor, payload }: OpCall<parley.v1.MsgRefs>) => deleteForSelf(ctx, actor, payload),
    msgClearForSelf: ({ ctx, actor, payload }: OpCall<parley.v1.MsgClearForSelf>) => clearForSelf(ctx, actor, payload),
    msgInsertForSelf: ({ ctx, actor, payload }: OpCall<parley.v1.Message>) => insertForSelf(ctx, actor, payload),
    msgSetExtensions: ({ ctx, actor, payload }: OpCall<parley.v1.MsgExtensions>) => setExtensions(ctx, actor, payload),
    msgGetExtensions: ({ ctx, actor, payload }: OpCall<parley.v1.MsgExtensions>) => getExtensions(ctx, actor, payload),
    msgDeleteExtensions: ({ ctx, actor, payload }: OpCall<parley.v1.MsgExtensions>) => deleteExtensions(ctx, actor, payload),
    readMark: ({ server, ctx, actor, payload }: OpCall<parley.v1.ReadMark>) => server.read.mark(ctx, actor, payload),
    readReceipt: ({ server, ctx, actor, payload }: OpCall<parley.v1.MsgRefs>) => server.read.receipt(ctx, actor, payload),
    readReceiptStatus: ({ server, ctx, actor, payload }: OpCall<parley.v1.MsgRefs>) => server.read.receiptStatus(ctx, actor, payload),
    readReceiptMembers: ({ server, ctx, actor, payload }: OpCall<parley.v1.ReadReceiptMembers>) => server.read.receiptMembers(ctx, actor, payload),

    syncChanges: ({ server, ctx, actor, payload }: OpCall<parley.v1.SyncChanges>) => server.sync.changes(ctx, actor, payload),
    syncPull: ({ server, ctx, actor, payload }: OpCall<parley.v1.SyncPull>) => server.sync.pull(ctx, actor, payload),
    syncAck: ({ server, ctx, actor, payload }: OpCall<parley.v1.SyncAck>) => server.sync.ack(ctx, actor, payload),
    syncSnapshot: ({ server, ctx, actor, payload }: OpCall<parley.v1.SyncSnapshot>) => server.sync.snapshot(ctx, actor, payload),
  },
  readOnly: [
    'connPing',
    'convList',
    'convGet',
    'convGetSettings',
    'convFolderList',
    'msgHistory',
    'msgGet',
    'msgGetExtensions',
    'readReceiptStatus',
    'readReceiptMembers',
    'syncChanges',
    'syncPull',
    'syncSnapshot',
  ],
  // Guests send in rooms and channels only (Messaging.send refuses other targets).
  guest: ['connPing', 'authLogout', 'authRefresh', 'syncChanges', 'syncSnapshot', 'msgSend'],
  sessionOnly: ['connPing', 'authLogout', 'authRefresh', 'accountChangePassword'],
};
