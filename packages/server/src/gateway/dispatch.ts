import type { OpName, parley } from '@parley/protocol';
import * as auth from './auth.js';
import type { Connection } from './connection.js';
import type { ServerContext } from './context.js';
import { attrOps } from './ops/attrs.js';
import { coreOps } from './ops/core.js';
import { friendOps } from './ops/friends.js';
import { groupOps } from './ops/groups.js';
import { mediaOps } from './ops/media.js';
import { roomOps } from './ops/rooms.js';
import { systemOps } from './ops/system.js';
import type { Handler, OpFamily } from './ops/types.js';
import { userOps } from './ops/users.js';

export type { Handler, OpCall, OpFamily } from './ops/types.js';

/** Ops served before login; each gets the connection only. */
export const PRE_LOGIN = {
  connHello: (server: ServerContext, conn: Connection, p: parley.v1.ConnHello) => auth.hello(server, conn, p),
  authLogin: (server: ServerContext, conn: Connection, p: parley.v1.AuthLogin) => auth.login(server, conn, p),
  authResume: (server: ServerContext, conn: Connection, p: parley.v1.AuthResume) => auth.resume(server, conn, p),
  accountRegister: (server: ServerContext, conn: Connection, p: parley.v1.AccountRegister) => auth.register(server, conn, p),
} as const;

const FAMILIES: readonly OpFamily[] = [coreOps, userOps, friendOps, groupOps, roomOps, attrOps, mediaOps, systemOps];

/** Ops of a logged-in session. Ops of the schema that are missing here answer NOT_SUPPORTED. */
export const OPS: { [N in OpName]?: Handler } = Object.assign({}, ...FAMILIES.map((f) => f.ops));

/** Ops answered fresh even when an idempotency key repeats (they change nothing). */
export const READ_ONLY_OPS: ReadonlySet<OpName> = new Set(FAMILIES.flatMap((f) => f.readOnly ?? []));

/** What guests (anonymous viewers, MaxLeap passengers) may do. */
export const GUEST_OPS: ReadonlySet<OpName> = new Set(FAMILIES.flatMap((f) => f.guest ?? []));

/** Ops that need a live session: the admin REST API cannot run them. */
export const SESSION_ONLY_OPS: ReadonlySet<OpName> = new Set(FAMILIES.flatMap((f) => f.sessionOnly ?? []));
