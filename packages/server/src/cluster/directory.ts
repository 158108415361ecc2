/**
 * The cluster directory: which sessions and which room members exist on which node, kept in
 * the shared store so every node sees the same answer (multi-login kicks, presence, room
 * counts). Rows carry the writing node's instance id (./nodes.ts); readers count a row only
 * while that instance holds a live lease, so a killed node's sessions stop counting as soon as
 * its lease expires, and a sweep deletes them afterwards.
 *
 * Rows (all under `~cluster`, JSON):
 * - `sess/<app>/<userId>/<sessionId>`: a session, connected or away (inside its resume grace);
 * - `room/<app>/<roomId>/<userId>/<instance>`: the user is in the room on that node;
 * - `inst/<instance>/…`: an index of the above per instance, for the sweep.
 */

import { K } from '../model/schema.js';
import { transact } from '../model/tx.js';
import type { Key, ServerStore } from '../store/types.js';
import { CLUSTER_ROOT, fromRow, toRow } from './nodes.js';

/** A session as the directory records it. */
export interface DirectorySession {
  readonly sessionId: string;
  readonly userId: string;
  readonly instance: string;
  readonly nodeId: number;
  readonly platform: number;
  readonly deviceId: string;
  readonly createdAt: number;
  readonly resumeToken: string;
  /** 0 while connected; when the connection dropped, during the resume grace. */
  readonly awaySince: number;
}

const C = CLUSTER_ROOT;
const sessKey = (app: string, userId: string, sessionId: string): Key => [C, 'sess', app, userId, sessionId];
const roomKey = (app: string, roomId: string, userId: string, instance: string): Key => [C, 'room', app, roomId, userId, instance];
const instPrefix = (instance: string): Key => [C, 'inst', instance];
const EMPTY = new Uint8Array(0);

/** The index row of `row` under its instance: `inst/<instance>/<row key without ~cluster>`. */
function indexKey(instance: string, row: Key): Key {
  return [...instPrefix(instance), ...row.slice(1)];
}

/** Which instances are alive. */
export interface Liveness {
  /** A lone node (in-process bus): no other node can exist, so there is nothing to read. */
  readonly solo: boolean;
  /**
   * Resolves to a predicate over `instances`: an instance the last heartbeat did not know (a
   * node that joined since) makes it read the leases again first.
   */
  check(instances: Iterable<string>): Promise<(instance: string) => boolean>;
}

/**
 * Reads and writes of the directory for one node. Writes of one key are ordered by the
 * callers (the session registry and the room hub run them in event order per key).
 */
export class Directory {
  constructor(
    private readonly store: ServerStore,
    readonly instance: string,
    readonly nodeId: number,
    private readonly liveness: Liveness,
  ) {}

  /** Records a session as connected on this node (login or resume). */
  async sessionUp(app: string, session: Omit<DirectorySession, 'instance' | 'nodeId' | 'awaySince'>): Promise<void> {
    const row: DirectorySession = { ...session, instance: this.instance, nodeId: this.nodeId, awaySince: 0 };
    const key = sessKey(app, session.userId, session.sessionId);
    await transact(this.store, async (tx) => {
      const old = await tx.get(key);
      if (old) {
        const previous = fromRow<DirectorySession>(old);
        if (previous.instance !== this.instance) tx.delete(indexKey(previous.instance, key));
      }
      tx.set(key, toRow(row));
      tx.set(indexKey(this.instance, key), EMPTY);
    });
  }

  /** Marks this node's session as away (its connection dropped; it may resume anywhere). */
  async sessionAway(app: string, userId: string, sessionId: string, now: number): Promise<void> {
    const key = sessKey(app, userId, sessionId);
    await transact(this.store, async (tx) => {
      const bytes = await tx.get(key);
      if (!bytes) return;
      const row = fromRow<DirectorySession>(bytes);
      if (row.instance === this.instance) tx.set(key, toRow({ ...row, awaySince: now }));
    });
  }

  /**
   * Removes a session, unless another node has taken it over since (a resume elsewhere), and
   * its room rows.
   */
  async sessionGone(app: string, userId: string, sessionId: string, any = false): Promise<void> {
    const key = sessKey(app, userId, sessionId);
    await transact(this.store, async (tx) => {
      const bytes = await tx.get(key);
      if (!bytes) return;
      const row = fromRow<DirectorySession>(bytes);
      if (!any && row.instance !== this.instance) return;
      tx.delete(key);
      tx.delete(indexKey(row.instance, key));
    });
  }

  /** The user's sessions on live nodes, this one included. */
  async sessionsOf(app: string, userId: string): Promise<DirectorySession[]> {
    const rows = await this.store.list({ prefix: [C, 'sess', app, userId] });
    const sessions = rows.map((row) => fromRow<DirectorySession>(row.value));
    const isLive = await this.liveness.check(sessions.map((s) => s.instance));
    return sessions.filter((s) => isLive(s.instance));
  }

  /** The user is in the room on this node (their first session there entered). */
  async roomJoined(app: string, roomId: string, userId: string): Promise<void> {
    const key = roomKey(app, roomId, userId, this.instance);
    await transact(this.store, async (tx) => {
      tx.set(key, EMPTY);
      tx.set(indexKey(this.instance, key), EMPTY);
    });
  }

  /** The user left the room on this node (their last session there left). */
  async roomLeft(app: string, roomId: string, userId: string): Promise<void> {
    const key = roomKey(app, roomId, userId, this.instance);
    await transact(this.store, async (tx) => {
      tx.delete(key);
      tx.delete(indexKey(this.instance, key));
    });
  }

  /** Users in the room on live nodes (but `except`), each once, in id order. */
  async roomUserIds(app: string, roomId: string, except?: string): Promise<string[]> {
    if (this.liveness.solo && except === this.instance) return [];
    const rows = await this.store.list({ prefix: [C, 'room', app, roomId] });
    const isLive = await this.liveness.check(rows.map((row) => row.key[5] as string));
    const ids = new Set<string>();
    for (const row of rows) {
      const instance = row.key[5] as string;
      if (instance !== except && isLive(instance)) ids.add(row.key[4] as string);
    }
    return [...ids];
  }

  /**
   * Adds a room to or removes it from the session's resume record, so that a resume on a node
   * that does not hold the session's rooms (this one died or restarted) can tell the client
   * which rooms it is out of.
   */
  async trackRoom(app: string, resumeToken: string, roomId: string, inRoom: boolean): Promise<void> {
    const key = K.resume(app, resumeToken);
    await transact(this.store, async (tx) => {
      const bytes = await tx.get(key);
      if (!bytes) return;
      const record = fromRow<{ rooms?: string[] }>(bytes);
      const rooms = (record.rooms ?? []).filter((id) => id !== roomId);
      if (inRoom) rooms.push(roomId);
      tx.set(key, toRow({ ...record, rooms }));
    });
  }

  /**
   * Deletes every row a dead instance left, in batches. Sessions another node took over since
   * (a resume there) are kept. Returns the users whose sessions were removed, for presence.
   */
  async sweep(instance: string): Promise<{ app: string; userId: string }[]> {
    const users = new Map<string, { app: string; userId: string }>();
    for (;;) {
      const index = await this.store.list({ prefix: instPrefix(instance), limit: 200 });
      if (index.length === 0) return [...users.values()];
      await transact(this.store, async (tx) => {
        for (const entry of index) {
          const row: Key = [C, ...entry.key.slice(3)];
          tx.delete(entry.key);
          if (row[1] === 'sess') {
            const bytes = await tx.get(row);
            if (bytes && fromRow<DirectorySession>(bytes).instance === instance) {
              tx.delete(row);
              const [, , app, userId] = row as [string, string, string, string];
              users.set(`${app}\u0000${userId}`, { app, userId });
            }
          } else {
            tx.delete(row);
          }
        }
      });
    }
  }
}
