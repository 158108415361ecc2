/// <reference lib="dom" />
// The page side of the client benchmarks, bundled by browser.ts and exposed as `window.bench`.
// Every time is taken here, with the page's own clock; Node only sets the stage.

import { Codec, codecName } from 'parley:codec';
import { type Client, type Conversation, createClient, type Environment, type Message, type StorageKey } from '@parley/core';
import { databaseName, IndexedDBStorageAdapter, indexedDBStorage } from '@parley/storage-indexeddb';
import { WebSocketTransport } from '@parley/transport-websocket';
import { LAYOUT } from './layout.js';

/** The adapter's one object store (packages/storage-indexeddb/src/schema.ts). */
const STORE = 'records';

/**
 * The client's view of the network, switched by the benchmark: offline drops the link at once
 * (as the browser's `offline` event does) and holds reconnects until it is online again.
 */
class NetworkSwitch {
  #online = true;
  #listeners = new Set<(online: boolean) => void>();

  set(online: boolean): void {
    if (online === this.#online) return;
    this.#online = online;
    for (const listener of this.#listeners) listener(online);
  }

  environment(): Partial<Environment> {
    return {
      online: () => this.#online,
      onOnlineChange: (listener) => {
        this.#listeners.add(listener);
        return () => this.#listeners.delete(listener);
      },
    };
  }
}

function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const poll = () => {
      if (check()) resolve();
      else if (performance.now() - start > timeoutMs) reject(new Error(`timed out waiting for ${what}`));
      else setTimeout(poll, 5);
    };
    poll();
  });
}

function idbRequest<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function txDone(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
  });
}

/** Opens a database as it is (no upgrade); for reading what the adapter wrote. */
function openExisting(name: string): Promise<IDBDatabase> {
  return idbRequest(indexedDB.open(name));
}

/** Every key under a prefix of the adapter's array keys: `[...prefix]` up to `[...prefix, []]` (arrays sort after strings and numbers). */
const prefixRange = (prefix: StorageKey) => IDBKeyRange.bound([...prefix], [...prefix, []], true, false);

let client: Client | undefined;
const net = new NetworkSwitch();
/** Requests the client sent, by op, since the last {@link api.reconnect} began (a diagnostic for the report). */
let requests: Record<string, number> = {};

/** Counts the client's requests by op (sync's own requests included: they go through `connection.request`). */
function countRequests(c: Client): void {
  const connection = c.connection;
  const send = connection.request.bind(connection);
  connection.request = ((op, payload, options) => {
    requests[op] = (requests[op] ?? 0) + 1;
    return send(op, payload, options);
  }) as typeof connection.request;
}

/** What the reconnect benchmark's client session is started with. */
export interface SessionOptions {
  url: string;
  appId: string;
  userId: string;
  token: string;
}

/** Result of {@link reconnect}. */
export interface ReconnectResult {
  /** From going online to `syncEnd` with every write flushed to IndexedDB. */
  totalMs: number;
  /** From going online to `syncEnd`. */
  syncEndMs: number;
  /** From going online to `syncStart` (connect, hello, resume or login). */
  syncStartMs: number;
  /** Messages the client holds (in memory) for the conversations, all seqs. */
  held: number;
  /** Requests sent from going online to the end, by op. */
  requests: Record<string, number>;
}

/** Result of a raw IndexedDB timing. */
export interface RawResult {
  ms: number;
  records: number;
}

/** Result of {@link coldStart}. */
export interface ColdStartResult {
  ms: number;
  rows: number;
  rowsWithLast: number;
  state: string;
}

const api = {
  codec: codecName,

  /** Logs in with the IndexedDB cache and large catch-up limits; resolves once synced and flushed. */
  async startSession(o: SessionOptions): Promise<number> {
    const c = createClient({
      transport: new WebSocketTransport(),
      codec: new Codec(),
      url: o.url,
      app: { appId: o.appId },
      storage: indexedDBStorage({ prefix: 'bench' }),
      // Large enough that a reconnect pulls every missed entry of every conversation.
      prefetchPerConv: 100_000,
      catchUpLimit: 100_000,
      reconnectBaseMs: 50,
      reconnectMaxMs: 200,
      requestTimeoutMs: 120_000,
      environment: net.environment(),
    });
    client = c;
    countRequests(c);
    await c.login({ credential: { nativeToken: { userId: o.userId, token: o.token } } });
    await c.settled();
    await c.store.persist.flush();
    return c.conversations().length;
  },

  /** Cuts the client's network; resolves when it noticed. */
  async goOffline(): Promise<string> {
    const c = client!;
    net.set(false);
    await until(() => c.state !== 'ready', 10_000, 'the client to leave ready');
    return c.state;
  },

  /**
   * Brings the network back and times the catch-up until `syncEnd` and the storage flush.
   * @throws {Error} when the client does not hold `expectedHead` for every conversation after it.
   */
  async reconnect(convIds: string[], expectedHead: number): Promise<ReconnectResult> {
    const c = client!;
    let syncStartAt = 0;
    let syncEndAt = 0;
    const offStart = c.on('syncStart', () => {
      syncStartAt ||= performance.now();
    });
    const offEnd = c.on('syncEnd', () => {
      syncEndAt ||= performance.now();
    });
    requests = {};
    const t0 = performance.now();
    net.set(true);
    await until(() => syncEndAt > 0, 120_000, 'syncEnd');
    await c.store.persist.flush();
    const t1 = performance.now();
    offStart();
    offEnd();
    const behind = convIds.filter((id) => c.store.messages.head(id) < expectedHead);
    if (behind.length) throw new Error(`after syncEnd, ${behind.length} conversations are behind (e.g. ${behind[0]} at ${c.store.messages.head(behind[0]!)} of ${expectedHead})`);
    let held = 0;
    for (const id of convIds) held += c.store.messages.entries(id).length;
    return { totalMs: t1 - t0, syncEndMs: syncEndAt - t0, syncStartMs: syncStartAt - t0, held, requests: { ...requests } };
  },

  /** Counts the message records in the client's database (what actually reached IndexedDB). */
  async storedMessages(appId: string, userId: string): Promise<number> {
    const db = await openExisting(databaseName({ app: appId, userId }, 'bench'));
    try {
      return await idbRequest(db.transaction(STORE).objectStore(STORE).count(prefixRange(LAYOUT.allMsgs)));
    } finally {
      db.close();
    }
  },

  /**
   * The baseline of the reconnect: the client's own records of the messages above `fromSeq`
   * (structured-cloned first), put into a fresh database in one readwrite transaction.
   */
  async rawBulkPut(convIds: string[], fromSeq: number, dbName: string): Promise<RawResult> {
    const c = client!;
    const records: Array<{ key: StorageKey; value: Message }> = [];
    for (const id of convIds) for (const m of c.store.messages.entries(id)) if (m.seq > fromSeq) records.push({ key: LAYOUT.msg(id, m.seq), value: m });
    const copies = structuredClone(records);
    await idbRequest(indexedDB.deleteDatabase(dbName));
    const open = indexedDB.open(dbName, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(STORE);
    const db = await idbRequest(open);
    try {
      const t0 = performance.now();
      // The adapter's own transaction options, so only the work differs.
      const tx = db.transaction(STORE, 'readwrite', { durability: 'relaxed' });
      const store = tx.objectStore(STORE);
      for (const r of copies) store.put(r.value, r.key as IDBValidKey);
      await txDone(tx);
      return { ms: performance.now() - t0, records: copies.length };
    } finally {
      db.close();
    }
  },

  async closeSession(): Promise<void> {
    await client?.close();
    client = undefined;
  },

  /**
   * Writes the cache of a user with `convs` conversations of `perConv` messages each, directly
   * through the adapter, in the client's layout.
   */
  async seed(appId: string, userId: string, convs: number, perConv: number): Promise<{ ms: number; records: number }> {
    const t0 = performance.now();
    const adapter = await IndexedDBStorageAdapter.open({ name: databaseName({ app: appId, userId }) });
    const base = Date.now() - convs * perConv * 1000;
    let ops: Array<{ type: 'put'; key: StorageKey; value: unknown }> = [];
    let records = 0;
    const put = async (key: StorageKey, value: unknown) => {
      ops.push({ type: 'put', key, value });
      records++;
      if (ops.length >= 10_000) {
        await adapter.batch(ops);
        ops = [];
      }
    };
    await put(LAYOUT.cursor, 1);
    await put(LAYOUT.user, userId);
    for (let i = 0; i < convs; i++) {
      const peer = `peer${String(i).padStart(4, '0')}`;
      const convId = `c2c:${peer}`;
      let last: Message | undefined;
      for (let seq = 1; seq <= perConv; seq++) {
        last = {
          convId,
          clientMsgId: `${peer}-${seq}`,
          serverMsgId: String(7_300_000_000_000_000 + i * perConv + seq),
          seq,
          senderId: seq % 2 ? peer : userId,
          time: base + (i * perConv + seq) * 1000,
          elements: [{ text: { text: `message ${seq} of a conversation with ${peer}, long enough to look like chat` } }],
          status: 'sent',
        };
        await put(LAYOUT.msg(convId, seq), last);
      }
      const row: Conversation = { convId, type: 1, maxSeq: perConv, readSeq: perConv, unreadCount: 0, lastMessageAt: last?.time ?? 0, pinned: false, lastMessage: last ?? null, version: 1 };
      await put(LAYOUT.conv(convId), row);
      await put(LAYOUT.window(convId), { low: 0, high: perConv });
    }
    if (ops.length) await adapter.batch(ops);
    await adapter.close();
    return { ms: performance.now() - t0, records };
  },

  /**
   * Cold start: `createClient` + `login` (the server unreachable) until `hydrated`, with the
   * conversation list read and checked.
   */
  async coldStart(url: string, appId: string, userId: string): Promise<ColdStartResult> {
    const t0 = performance.now();
    const c = createClient({ transport: new WebSocketTransport(), codec: new Codec(), url, app: { appId }, storage: indexedDBStorage(), reconnectBaseMs: 1000 });
    const hydrated = new Promise<void>((resolve) => c.on('hydrated', resolve));
    c.login({ credential: { nativeToken: { userId, token: 'unused: the server is unreachable' } } }).catch(() => {});
    await hydrated;
    const rows = c.conversations();
    const rowsWithLast = rows.filter((r) => r.lastMessage !== null && r.lastMessage.seq === r.maxSeq).length;
    const ms = performance.now() - t0;
    const state = c.state;
    await c.close();
    return { ms, rows: rows.length, rowsWithLast, state };
  },

  /** The cold-start baseline: open the same database and `getAll` the conversation records. */
  async rawConversations(appId: string, userId: string): Promise<RawResult> {
    const t0 = performance.now();
    const db = await openExisting(databaseName({ app: appId, userId }));
    const rows = await idbRequest(db.transaction(STORE).objectStore(STORE).getAll(prefixRange(LAYOUT.convs)));
    const ms = performance.now() - t0;
    db.close();
    return { ms, records: rows.length };
  },
};

/** What the benchmark page exposes as `window.bench`. */
export type BenchPage = typeof api;

(window as unknown as { bench: BenchPage }).bench = api;
