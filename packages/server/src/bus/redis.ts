/**
 * The Redis {@link Bus}: Redis pub/sub (ioredis 5) between the nodes of a cluster. Messages
 * are {@link encodeBusMessage} bytes on channel `<prefix>:<topic>`; Redis channels are
 * binary-safe, so topics with NUL bytes and arbitrary user ids travel as they are.
 */

import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../log.js';
import { RemoteBus } from './remote.js';
import type { Bus } from './types.js';

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

type Role = 'publisher' | 'subscriber';

/**
 * A {@link Bus} over Redis pub/sub with two connections: a publisher and a subscriber (a
 * Redis connection in subscribe mode cannot publish). The handlers, `open()`, `close()`, the
 * counters and delivery are {@link RemoteBus}'s; this class moves the bytes.
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
export class RedisBus extends RemoteBus<'redis'> {
  private readonly channelPrefix: string;
  private readonly pub: Redis;
  private readonly sub: Redis;
  /** SUBSCRIBE commands not yet acknowledged (they never reject: failures are caught). */
  private readonly pending = new Set<Promise<void>>();
  /** Whether the subscriber's current connection has every subscription restored. */
  private subRestored = false;
  /** Bumped when the subscriber drops, so a restore from an older connection is ignored. */
  private subGeneration = 0;

  /** Creates the bus; nothing connects before {@link RedisBus.open}. */
  constructor(options: RedisBusOptions) {
    super({ kind: 'redis', name: 'Redis', url: options.url, log: options.log });
    this.channelPrefix = `${options.prefix ?? 'parley'}:`;
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
    this.sub.on('messageBuffer', (channel: Buffer, message: Buffer) => this.onMessage(channel, message));
  }

  /** Connects both connections (at most 5 s) and subscribes the current topics. */
  protected override async connect(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no ready connection after ${CONNECT_TIMEOUT_MS} ms`)), CONNECT_TIMEOUT_MS);
      });
      await Promise.race([Promise.all([this.pub.connect(), this.sub.connect()]), timeout]);
      const channels = this.topicNames().map((topic) => this.channel(topic));
      if (channels.length > 0) await this.sub.subscribe(...channels);
    } catch (error) {
      // Stop the reconnect loop the failed attempt started.
      this.pub.disconnect();
      this.sub.disconnect();
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  protected override opened(): void {
    this.subRestored = true;
    // A connection lost during the last steps of the open: report it like any later loss.
    if (this.pub.status !== 'ready' || this.sub.status !== 'ready') this.linkLost();
  }

  /**
   * Publishes to `<prefix>:<topic>` on the publisher connection. When the publisher is not
   * connected, or Redis refuses the command, the message is dropped and counted.
   */
  protected override publishBytes(topic: string, bytes: Uint8Array): void {
    if (this.pub.status !== 'ready') {
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

  /** Sends SUBSCRIBE; while the subscriber reconnects, the restore does instead. */
  protected override addTopic(topic: string): void {
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

  protected override removeTopic(topic: string): void {
    if (this.sub.status !== 'ready') return;
    this.sub.unsubscribe(this.channel(topic)).catch((error: unknown) => {
      // The subscriber dropped: its next connection will not subscribe this topic.
      this.log.debug('redis bus unsubscribe failed', { error });
    });
  }

  /** Every SUBSCRIBE sent so far is acknowledged, and the subscriber is still connected. */
  protected override async subscriptionsConfirmed(): Promise<boolean> {
    await Promise.all([...this.pending]);
    return this.state === 'up' && this.sub.status === 'ready';
  }

  /** QUITs both connections (or drops them when not ready). */
  protected override async disconnect(): Promise<void> {
    await Promise.all([quit(this.pub), quit(this.sub)]);
  }

  private channel(topic: string): string {
    return this.channelPrefix + topic;
  }

  private onMessage(channel: Buffer, payload: Buffer): void {
    const name = channel.toString('utf8');
    if (name.startsWith(this.channelPrefix)) this.deliver(name.slice(this.channelPrefix.length), payload);
  }

  private onClose(role: Role): void {
    if (role === 'subscriber') {
      this.subRestored = false;
      this.subGeneration++;
    }
    if (this.state === 'up') {
      this.log.warn('redis bus link lost', { role });
      this.linkLost();
    }
  }

  private onReady(role: Role): void {
    if (this.state !== 'down') return;
    if (role === 'subscriber' && !this.subRestored) void this.restore();
    else this.maybeUp();
  }

  /** Subscribes every current topic on the subscriber's new connection. */
  private async restore(): Promise<void> {
    const generation = this.subGeneration;
    const channels = this.topicNames().map((topic) => this.channel(topic));
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

  /** The link is up again once both connections are ready and the subscriptions restored. */
  private maybeUp(): void {
    if (this.state !== 'down' || !this.subRestored) return;
    if (this.pub.status !== 'ready' || this.sub.status !== 'ready') return;
    this.linkRestored();
  }
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
