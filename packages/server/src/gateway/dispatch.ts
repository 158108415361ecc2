import type { OpName, parley } from '@parley/protocol';
import { ErrorCode, ServerError } from '../errors.js';
import type { Actor, ModelContext } from '../model/context.js';
import { deleteConversations, getConversations, listConversations, updateConversations } from '../model/conversations.js';
import { createGroup, getGroups, joinGroup, listJoinedGroups, listMembers, quitGroup } from '../model/groups.js';
import * as auth from './auth.js';
import type { Connection } from './connection.js';
import type { ServerContext } from './context.js';
import type { Session } from './sessions.js';

/** What a handler of a logged-in op receives. */
export interface OpCall<P> {
  server: ServerContext;
  conn: Connection;
  session: Session;
  ctx: ModelContext;
  actor: Actor;
  payload: P;
}

/**
 * The decoder produces class instances (defaults filled in), while the generated `Request`
 * type only promises the optional `$Properties` shape; each handler names its class.
 */
type Handler = (call: OpCall<never>) => Promise<unknown>;

/** Ops served before login; each gets the connection only. */
export const PRE_LOGIN = {
  connHello: (server: ServerContext, conn: Connection, p: parley.v1.ConnHello) => auth.hello(server, conn, p),
  authLogin: (server: ServerContext, conn: Connection, p: parley.v1.AuthLogin) => auth.login(server, conn, p),
  authResume: (server: ServerContext, conn: Connection, p: parley.v1.AuthResume) => auth.resume(server, conn, p),
  accountRegister: (server: ServerContext, conn: Connection, p: parley.v1.AccountRegister) => auth.register(server, conn, p),
} as const;

/** Guests (anonymous, passengers) may only do this much until rooms arrive. */
export const GUEST_OPS: ReadonlySet<OpName> = new Set<OpName>(['connPing', 'authLogout', 'authRefresh', 'syncChanges', 'syncSnapshot']);

/** Ops answered from the idempotency cache when repeated with the same key. */
export const READ_ONLY_OPS: ReadonlySet<OpName> = new Set<OpName>([
  'connPing',
  'convList',
  'convGet',
  'msgHistory',
  'msgGet',
  'readReceiptStatus',
  'groupGet',
  'groupListJoined',
  'groupListMembers',
  'syncChanges',
  'syncPull',
  'syncSnapshot',
]);

/** Ops of a logged-in session. Ops of the schema that are missing here answer NOT_SUPPORTED. */
export const OPS: { [N in OpName]?: Handler } = {
  connPing: async ({ server }) => ({ serverTime: server.now() }),
  authLogout: async ({ server, session }) => auth.logout(server, session),
  authRefresh: async ({ server, conn, session, payload }: OpCall<parley.v1.AuthRefresh>) => auth.refresh(server, conn, session, payload),
  accountChangePassword: async ({ server, session, payload }: OpCall<parley.v1.AccountChangePassword>) => auth.changePassword(server, session, payload),

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

  groupCreate: ({ ctx, actor, payload }: OpCall<parley.v1.GroupCreate>) => createGroup(ctx, actor, payload),
  groupJoin: ({ ctx, actor, payload }: OpCall<parley.v1.GroupJoin>) => joinGroup(ctx, actor, payload),
  groupQuit: ({ ctx, actor, payload }: OpCall<parley.v1.GroupId>) => quitGroup(ctx, actor, payload),
  groupListMembers: ({ ctx, actor, payload }: OpCall<parley.v1.GroupListMembers>) => listMembers(ctx, actor, payload),
  groupGet: ({ ctx, actor, payload }: OpCall<parley.v1.GroupGet>) => getGroups(ctx, actor, payload),
  groupListJoined: ({ ctx, actor }) => listJoinedGroups(ctx, actor),

  syncChanges: ({ server, ctx, actor, payload }: OpCall<parley.v1.SyncChanges>) => server.sync.changes(ctx, actor, payload),
  syncPull: ({ server, ctx, actor, payload }: OpCall<parley.v1.SyncPull>) => server.sync.pull(ctx, actor, payload),
  syncAck: ({ server, ctx, actor, payload }: OpCall<parley.v1.SyncAck>) => server.sync.ack(ctx, actor, payload),
  syncSnapshot: ({ server, ctx, actor, payload }: OpCall<parley.v1.SyncSnapshot>) => server.sync.snapshot(ctx, actor, payload),
};
