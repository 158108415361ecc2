import type { Bus } from '../bus/types.js';
import type { Cluster } from '../cluster/cluster.js';
import type { ServerConfig } from '../config/types.js';
import type { Logger } from '../log.js';
import type { AppRuntime, Deliver, IdSource, ModelContext } from '../model/context.js';
import type { Messaging } from '../model/messaging.js';
import type { PresenceHub } from '../model/presence.js';
import type { ReadState } from '../model/read.js';
import type { Sync } from '../model/sync.js';
import type { ServerStore } from '../store/types.js';
import type { Tenants } from '../tenants.js';
import type { RoomHub } from './room-hub.js';
import type { SessionRegistry } from './sessions.js';

/** What the gateway's handlers share: one per server. */
export interface ServerContext {
  readonly config: ServerConfig;
  readonly store: ServerStore;
  readonly tenants: Tenants;
  readonly bus: Bus;
  /** This node's lease, the shared session and room directory, recovery after bus outages. */
  readonly cluster: Cluster;
  readonly sessions: SessionRegistry;
  readonly log: Logger;
  readonly ids: IdSource;
  readonly deliver: Deliver;
  readonly messaging: Messaging;
  readonly read: ReadState;
  readonly sync: Sync;
  /** This node's presence: status transitions from session lifecycle, pushes to subscribers. */
  readonly presence: PresenceHub;
  /** This node's room presence: who is in which live room or channel, room fan-out, evictions. */
  readonly rooms: RoomHub;
  readonly now: () => number;
}

export function modelContext(server: ServerContext, app: AppRuntime): ModelContext {
  return { store: server.store, app, deliver: server.deliver, ids: server.ids, messaging: server.messaging, now: server.now };
}
