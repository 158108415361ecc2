/**
 * This node's membership in the cluster of nodes sharing one store and one bus: its lease and
 * node id (./nodes.ts), the shared directory of sessions and room members (./directory.ts),
 * the sweep after dead nodes, and recovery after a bus outage. A single server is a cluster of
 * one and runs the same code, so the paths several nodes take are the ones every test takes.
 */

import { type Bus, clusterTopic } from '../bus/types.js';
import type { SessionRegistry } from '../gateway/sessions.js';
import type { Logger } from '../log.js';
import type { ServerStore } from '../store/types.js';
import { Directory, type DirectorySession } from './directory.js';
import { claimNodeId, listDead, listLeases, type NodeLease, reapLease, releaseLease, renewLease } from './nodes.js';
import { type SessionTracker, trackSessions } from './session-tracking.js';

/** Options of {@link Cluster.join}. */
export interface ClusterOptions {
  readonly store: ServerStore;
  readonly bus: Bus;
  readonly log: Logger;
  /** This node's URL, recorded in its lease. */
  readonly url: string;
  /** A fixed node id; otherwise the lowest free one. */
  readonly nodeId?: number;
  /**
   * A lone node (in-process bus): it takes its id back from its own earlier runs at once (see
   * `claimNodeId`), and never reads other nodes' directory rows, since there can be none.
   */
  readonly takeOver?: boolean;
  /** @default 15000 */
  readonly leaseMs?: number;
  /** @default 5000 */
  readonly heartbeatMs?: number;
  readonly now?: () => number;
}

/** What the cluster tells the rest of the server. */
export interface ClusterEvents {
  /** Users whose sessions vanished with a dead node: presence must be recomputed. */
  usersGone?(users: readonly { app: string; userId: string }[]): void;
  /** Pushes may have been lost on the bus: every session must catch up through sync. */
  resync?(): void;
  /** Every heartbeat: state other nodes may have changed in the store (policy overrides). */
  beat?(): Promise<void>;
}

export class Cluster {
  readonly directory: Directory;
  private lease: NodeLease;
  private live = new Map<string, number>();
  private refreshedAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private beating: Promise<void> | undefined;
  private stopped = false;
  private readonly unsubscribe: () => void;
  private readonly unlink: () => void;
  private events: ClusterEvents = {};
  private tracker: SessionTracker | undefined;

  private constructor(
    private readonly options: Required<Pick<ClusterOptions, 'leaseMs' | 'heartbeatMs' | 'now'>> & ClusterOptions,
    lease: NodeLease,
  ) {
    this.lease = lease;
    this.live.set(lease.instance, lease.expiresAt);
    this.directory = new Directory(options.store, lease.instance, lease.nodeId, { solo: options.takeOver === true, check: (instances) => this.liveness(instances) });
    const { bus, log } = options;
    this.unsubscribe = bus.subscribe(clusterTopic(), (message) => {
      if (message.kind !== 'resync') return;
      log.warn('a node lost its bus link: sessions catch up through sync', { nodeId: message.nodeId });
      this.events.resync?.();
    });
    this.unlink = bus.onLink((up) => {
      if (!up) {
        log.warn('bus link lost', { bus: bus.kind });
        return;
      }
      log.info('bus link restored: sessions catch up through sync', { bus: bus.kind });
      // Others may have missed what this node published while it was cut off.
      bus.publish(clusterTopic(), { kind: 'resync', nodeId: this.nodeId });
      this.events.resync?.();
    });
  }

  /** Claims a lease and starts the heartbeat. */
  static async join(options: ClusterOptions): Promise<Cluster> {
    const full = { leaseMs: 15_000, heartbeatMs: 5_000, now: Date.now, ...options };
    const lease = await claimNodeId({
      store: full.store,
      url: full.url,
      leaseMs: full.leaseMs,
      now: full.now,
      ...(options.nodeId !== undefined && { nodeId: options.nodeId }),
      ...(options.takeOver !== undefined && { takeOver: options.takeOver }),
    });
    const cluster = new Cluster(full, lease);
    await options.bus.settled();
    await cluster.beat();
    cluster.schedule();
    full.log.info('joined the cluster', { nodeId: lease.nodeId, nodes: cluster.live.size });
    return cluster;
  }

  get nodeId(): number {
    return this.lease.nodeId;
  }

  get instance(): string {
    return this.lease.instance;
  }

  /** Sets the listeners (the server wires them once its hubs exist). */
  on(events: ClusterEvents): void {
    this.events = events;
  }

  /** Whether an instance holds a live lease (as of the last heartbeat, or its own). */
  isLive(instance: string): boolean {
    const expiresAt = this.live.get(instance);
    return expiresAt !== undefined && (instance === this.lease.instance || expiresAt > this.options.now());
  }

  /** Keeps the registry's sessions in the directory from now on. */
  track(registry: SessionRegistry): void {
    this.tracker = trackSessions(registry, this.directory, this.options.log, this.options.now);
  }

  /**
   * Resolves once the session's directory row is written (a login waits for it, so a login
   * right after on another node sees this session).
   */
  async written(sessionId: string): Promise<void> {
    await this.tracker?.written(sessionId);
  }

  private async liveness(instances: Iterable<string>): Promise<(instance: string) => boolean> {
    const unknown = [...instances].some((instance) => !this.live.has(instance));
    if (unknown) await this.refreshLive();
    return (instance) => this.isLive(instance);
  }

  /** Reads the leases again (not more often than every 200 ms). */
  private async refreshLive(): Promise<void> {
    const now = this.options.now();
    if (now - this.refreshedAt < 200) return;
    this.refreshedAt = now;
    const live = new Map<string, number>([[this.lease.instance, this.lease.expiresAt]]);
    for (const lease of await listLeases(this.options.store)) if (lease.expiresAt > now) live.set(lease.instance, lease.expiresAt);
    this.live = live;
  }

  /** Sessions of the user on other live nodes. */
  async remoteSessionsOf(app: string, userId: string): Promise<DirectorySession[]> {
    if (this.options.takeOver) return [];
    return (await this.directory.sessionsOf(app, userId)).filter((s) => s.instance !== this.instance);
  }

  /** Stops the heartbeat and releases the lease (this node's rows were removed by its sessions' ends). */
  async leave(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.tracker?.stop();
    clearTimeout(this.timer);
    await this.beating;
    this.unsubscribe();
    this.unlink();
    await this.directory.sweep(this.instance).catch(() => []);
    await releaseLease(this.options.store, this.lease).catch(() => {});
  }

  /**
   * Stops the heartbeat and nothing else: no lease released, no rows swept, as if the process
   * had been killed. For tests of what the other nodes do then.
   */
  halt(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.tracker?.stop();
    this.unsubscribe();
    this.unlink();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.beating = this.beat()
        .catch((error: unknown) => this.options.log.error('cluster heartbeat failed', { error }))
        .finally(() => this.schedule());
    }, this.options.heartbeatMs);
    this.timer.unref();
  }

  /** Renews the lease, refreshes the live set, reaps expired leases and sweeps the dead. */
  private async beat(): Promise<void> {
    const { store, leaseMs, log } = this.options;
    const now = this.options.now();
    const renewed = await renewLease(store, this.lease, leaseMs, now);
    if (!renewed) {
      // Presumed dead (a long pause or a lost store link) and the id taken over: this node's
      // sessions are no longer counted anywhere. Stay up, but say so loudly.
      log.error('this node lost its lease to another instance; restart it', { nodeId: this.nodeId });
    } else {
      this.lease = renewed;
    }
    const live = new Map<string, number>([[this.lease.instance, this.lease.expiresAt]]);
    for (const lease of await listLeases(store)) {
      if (lease.expiresAt > now) live.set(lease.instance, lease.expiresAt);
      else if (await reapLease(store, lease, now)) log.warn('a node stopped renewing its lease: sweeping after it', { nodeId: lease.nodeId, url: lease.url });
    }
    this.live = live;
    for (const instance of await listDead(store)) {
      const users = await this.directory.sweep(instance);
      await store.commit({ deletes: [['~cluster', 'dead', instance]] });
      if (users.length > 0) this.events.usersGone?.(users);
    }
    await this.events.beat?.();
  }
}
