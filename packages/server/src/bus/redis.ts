/**
 * The Redis {@link Bus}: Redis pub/sub (ioredis 5) between the nodes of a cluster. Messages
 * are {@link encodeBusMessage} bytes on channel `<prefix>:<topic>`; Redis channels are
 * binary-safe, so topics with NUL bytes and arbitrary user ids travel as they are.
 */

import { Redis, type RedisOptions } from 'ioredis';
import { type Logger, nullLogger } from '../log.js';
import { BusError, type BusStats, decodeBusMessage, encodeBusMessage, redactUrl } from './codec.js';
import type { Bus, BusMessage } from './types.js';

/** Options of a {@link RedisBus}. */
export interface RedisBusOptions {
  /** `redis://[user:password@]host:port[/db]` (or `rediss://` for TLS). */
  readonly url: string;
  /** Channel names are `<prefix>:<topic>`, so several clusters can share one Redis. @default 'parley' */
  readonly prefix?: string;
  /** Link changes, malformed messages and throwing handlers are logged here. @default nullLogger */
  readonly log?: Logger;
}

/** `open()` gives up after this long (TCP connect and ready check), rather than hang a start. */
const CONNECT_TIMEOUT_MS = 5000;
/** Reconnect backoff: the first retry after 50 ms, doubling up to 2 s, forever. */
const RETRY_FIRST_MS = 50;
const RETRY_MAX_MS = 2000;
/** Channels per SUBSCRIBE when restoring after a reconnect, to keep each command small. */
const RESUBSCRIBE_BATCH = 1000;

type Handler = (message: BusMessage) => void;
/** One `subscribe` call: an object, so the same function subscribed twice counts twice. */
interface Entry {
  readonly handler: Handler;
}

/** `down`: from losing either connection until both are back with subscriptions restored. */
type LinkState = 'idle' | 'opening' | 'up' | 'down' | 'closed';

interface Deferred {
  readonly promise: Promise<void>;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Rejected at close even when nobody waits: that must not be an unhandled rejection.
  promise.catch(() => {});
  return { promise, resolve, reject };
}

/**
 * A {@link Bus} over Redis pub/sub with two connections: a publisher and a subscriber (a
 * Redis connection in subscribe mode cannot publish).
 *
 * - Subscriptions are reference-counted per topic: the first handler of a topic sends
 *   SUBSCRIBE, the last one's removal sends UNSUBSCRIBE. {@link RedisBus.settled} waits for
 *   every SUBSCRIBE sent so far to be acknowledged.
 * - Both connections reconnect forever (50 ms doubling to 2 s). Nothing is queued while a
 *   connection is down: publishes are dropped and counted in {@link RedisBus.stats}, and the
 *   subscriber restores every current subscription itself after reconnecting, before the
 *   link listeners hear `true`. Listeners hear `false` once when either connection drops.
 * - A malformed message or a throwing handler is logged and skipped; delivery goes on.
 */
export class RedisBus implements Bus {
  readonly kind = 'redis';
  private readonly url: string;
  private readonly channelPrefix: string;
  private readonly log: Logger;
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly topics = new Map<string, Set<Entry>>();
  private readonly linkListeners = new Set<(up: boolean) => void>();
  /** SUBSCRIBE commands not yet acknowledged (they never reject: failures are caught). */
  private readonly pending = new Set<Promise<void>>();
  private readonly counts = { published: 0, dropped: 0, received: 0, malformed: 0 };
  private state: LinkState = 'idle';
  private opening: Promise<void> | undefined;
  private closing: Promise<void> | undefined;
  /** Resolved when the link is back `up`; replaced at each loss. */
  private linkBack: Deferred | undefined;
  /** Whether the subscriber's current connection has every subscription restored. */
  private subRestored = false;
  /** Bumped when the subscriber drops, so a restore from an older connection is ignored. */
  private subGeneration = 0;

  /** Creates the bus; nothing connects before {@link RedisBus.open}. */
  constructor(options: RedisBusOptions) {
    this.url = options.url;
    this.channelPrefix = `${options.prefix ?? 'parley'}:`;
    this.log = (options.log ?? nullLogger).child({ bus: 'redis' });
    const common: RedisOptions = {
      lazyConnect: true,
      connectTimeout: CONNECT_TIMEOUT_MS,
      retryStrategy: (attempt) => Math.min(RETRY_FIRST_MS * 2 ** Math.min(attempt - 1, 16), RETRY_MAX_MS),
      // No queue while disconnected: commands fail at once, in-flight ones fail at the
      // disconnect and are not resent; this class restores subscriptions itself.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
      autoResubscribe: false,
    };
    this.pub = new Redis(this.url, { ...common, connectionName: 'parley-bus-pub' });
    this.sub = new Redis(this.url, { ...common, connectionName: 'parley-bus-sub' });
    for (const [role, client] of [
      ['publisher', this.pub],
      ['subscriber', this.sub],
    ] as const) {
      client.on('error', (error: Error) => {
        // Every failed reconnect attempt emits one: only those while up are warnings.
        if (this.state === 'up') this.log.warn('redis bus connection error', { role, error });
        else this.log.debug('redis bus connection error', { role, error });
      });
      client.on('close', () => this.onClose(role));
      client.on('ready', () => this.onReady(role));
    }
    this.sub.on('messageBuffer', (channel: Buffer, message: Buffer) => this.deliver(channel, message));
  }

  /** Counters since construction (a copy). */
  get stats(): BusStats {
    return { ...this.counts };
  }

  /**
   * Connects both connections and subscribes the topics subscribed so far. Idempotent; after
   * a failure it may be called again.
   *
   * @throws BusError `unreachable` naming the URL (password redacted) when Redis cannot be
   *   reached within 5 s; `closed` after {@link RedisBus.close}.
   */
  open(): Promise<void> {
    if (this.state === 'closed') return Promise.reject(closedError());
    this.opening ??= this.connect().catch((error: unknown) => {
      this.opening = undefined;
      throw error;
    });
    return this.opening;
  }

  private async connect(): Promise<void> {
    this.state = 'opening';
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no ready connection after ${CONNECT_TIMEOUT_MS} ms`)), CONNECT_TIMEOUT_MS);
      });
      await Promise.race([Promise.all([this.pub.connect(), this.sub.connect()]), timeout]);
      const channels = [...this.topics.keys()].map((topic) => this.channel(topic));
      if (channels.length > 0) await this.sub.subscribe(...channels);
    } catch (error) {
      // Stop the reconnect loop the failed attempt started.
      this.pub.disconnect();
      this.sub.disconnect();
      if (this.isClosed()) throw closedError();
      this.state = 'idle';
      const reason = error instanceof Error ? error.message : String(error);
      throw new BusError('unreachable', `Redis bus: cannot connect to ${redactUrl(this.url)}: ${reason}`, { cause: error });
    } finally {
      clearTimeout(timer);
    }
    if (this.isClosed()) throw closedError();
    this.state = 'up';
    this.subRestored = true;
    // A connection lost during the last steps of the open: report it like any later loss.
    if (this.pub.status !== 'ready' || this.sub.status !== 'ready') this.linkLost();
    this.log.info('redis bus connected', { url: redactUrl(this.url) });
  }

  /**
   * Publishes to `<prefix>:<topic>` on the publisher connection. Fire and forget: when the
   * publisher is not connected, or Redis refuses the command, the message is dropped and
   * counted (`stats.dropped`); nothing is queued.
   *
   * @throws TypeError when the message cannot be encoded (see {@link encodeBusMessage}).
   */
  publish(topic: string, message: BusMessage): void {
    const bytes = encodeBusMessage(message);
    if (this.state === 'closed' || this.pub.status !== 'ready') {
      this.counts.dropped++;
      return;
    }
    this.pub.publish(this.channel(topic), Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)).then(
      () => {
        this.counts.published++;
      },
      (error: unknown) => {
        this.counts.dropped++;
        this.log.debug('redis bus publish dropped', { error });
      },
    );
  }

  /**
   * Adds a handler for `topic`; the first handler of a topic sends SUBSCRIBE (while the
   * subscriber reconnects, the restore does). After `close()` it is a no-op.
   *
   * @returns The remover; idempotent. Removing the last handler sends UNSUBSCRIBE.
   */
  subscribe(topic: string, handler: Handler): () => void {
    if (this.state === 'closed') return () => {};
    const entry: Entry = { handler };
    let entries = this.topics.get(topic);
    if (entries === undefined) {
      entries = new Set();
      this.topics.set(topic, entries);
      this.sendSubscribe(topic);
    }
    entries.add(entry);
    return () => {
      const current = this.topics.get(topic);
      if (current === undefined || !current.delete(entry) || current.size > 0) return;
      this.topics.delete(topic);
      if (this.state !== 'closed' && this.sub.status === 'ready') {
        this.sub.unsubscribe(this.channel(topic)).catch((error: unknown) => {
          // The subscriber dropped: its next connection will not subscribe this topic.
          this.log.debug('redis bus unsubscribe failed', { error });
        });
      }
    };
  }

  private sendSubscribe(topic: string): void {
    if (this.sub.status !== 'ready') return;
    const done: Promise<void> = this.sub.subscribe(this.channel(topic)).then(
      () => {
        this.pending.delete(done);
      },
      (error: unknown) => {
        // The subscriber dropped before the ack: the restore after reconnecting covers it.
        this.pending.delete(done);
        this.log.debug('redis bus subscribe failed', { error });
      },
    );
    this.pending.add(done);
  }

  /**
   * Resolves once every SUBSCRIBE sent so far is acknowledged and the link is up (while it is
   * down, once it is back with subscriptions restored). Before `open()` it resolves at once.
   *
   * @throws BusError `closed` when the bus is closed before or while waiting.
   */
  async settled(): Promise<void> {
    for (;;) {
      if (this.state === 'closed') throw closedError();
      if (this.state === 'idle') return;
      if (this.state === 'opening') {
        await this.opening;
        continue;
      }
      if (this.state === 'down') {
        await this.linkBack?.promise;
        continue;
      }
      await Promise.all([...this.pending]);
      if (this.state === 'up' && this.sub.status === 'ready') return;
      // The subscriber is dropping but its `close` event has not arrived yet.
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Adds a link listener (see {@link Bus.onLink}); returns its remover. */
  onLink(listener: (up: boolean) => void): () => void {
    this.linkListeners.add(listener);
    return () => {
      this.linkListeners.delete(listener);
    };
  }

  /** QUITs both connections (or drops them when not ready) and forgets every handler. Idempotent. */
  close(): Promise<void> {
    if (this.closing) return this.closing;
    this.state = 'closed';
    this.topics.clear();
    this.linkListeners.clear();
    this.linkBack?.reject(closedError());
    this.closing = Promise.all([quit(this.pub), quit(this.sub)]).then(() => {});
    return this.closing;
  }

  /** A method, not a field comparison: `close()` may run while `connect()` awaits. */
  private isClosed(): boolean {
    return this.state === 'closed';
  }

  private channel(topic: string): string {
    return this.channelPrefix + topic;
  }

  private deliver(channel: Buffer, payload: Buffer): void {
    if (this.state === 'closed') return;
    const name = channel.toString('utf8');
    if (!name.startsWith(this.channelPrefix)) return;
    let message: BusMessage;
    try {
      message = decodeBusMessage(payload);
    } catch (error) {
      this.counts.malformed++;
      this.log.warn('redis bus dropped a malformed message', { bytes: payload.length, error });
      return;
    }
    this.counts.received++;
    const entries = this.topics.get(name.slice(this.channelPrefix.length));
    if (entries === undefined) return;
    for (const entry of entries) {
      try {
        entry.handler(message);
      } catch (error) {
        this.log.error('bus handler threw', { kind: message.kind, error });
      }
    }
  }

  private onClose(role: 'publisher' | 'subscriber'): void {
    if (role === 'subscriber') {
      this.subRestored = false;
      this.subGeneration++;
    }
    if (this.state === 'up') {
      this.log.warn('redis bus link lost', { role });
      this.linkLost();
    }
  }

  private linkLost(): void {
    this.state = 'down';
    this.linkBack = deferred();
    this.emitLink(false);
  }

  private onReady(role: 'publisher' | 'subscriber'): void {
    if (this.state !== 'down') return;
    if (role === 'subscriber' && !this.subRestored) void this.restore();
    else this.maybeUp();
  }

  /** Subscribes every current topic on the subscriber's new connection. */
  private async restore(): Promise<void> {
    const generation = this.subGeneration;
    const channels = [...this.topics.keys()].map((topic) => this.channel(topic));
    try {
      for (let i = 0; i < channels.length; i += RESUBSCRIBE_BATCH) {
        await this.sub.subscribe(...channels.slice(i, i + RESUBSCRIBE_BATCH));
      }
    } catch (error) {
      // Dropped again while restoring: the next `ready` restores from scratch.
      this.log.debug('redis bus resubscribe failed', { error });
      return;
    }
    if (generation !== this.subGeneration || this.state !== 'down') return;
    this.subRestored = true;
    this.log.info('redis bus subscriptions restored', { topics: channels.length });
    this.maybeUp();
  }

  private maybeUp(): void {
    if (this.state !== 'down' || !this.subRestored) return;
    if (this.pub.status !== 'ready' || this.sub.status !== 'ready') return;
    this.state = 'up';
    this.log.info('redis bus link restored');
    this.linkBack?.resolve();
    this.emitLink(true);
  }

  private emitLink(up: boolean): void {
    for (const listener of [...this.linkListeners]) {
      try {
        listener(up);
      } catch (error) {
        this.log.error('bus link listener threw', { up, error });
      }
    }
  }
}

function closedError(): BusError {
  return new BusError('closed', 'the bus is closed');
}

/** A polite QUIT when connected, then a hard disconnect that also stops any reconnect loop. */
async function quit(client: Redis): Promise<void> {
  if (client.status === 'ready') {
    try {
      await client.quit();
    } catch {
      // Lost while quitting: the disconnect below is all that is left to do.
    }
  }
  client.disconnect();
}
