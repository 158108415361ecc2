/**
 * The NATS {@link Bus}: core NATS pub/sub (nats.js 2, not JetStream) between the nodes of a
 * cluster. Messages are {@link encodeBusMessage} bytes on subject
 * `<prefix>.<base64url(utf8(topic))>`: subjects cannot carry arbitrary bytes (dots separate
 * tokens, `*` and `>` are wildcards, whitespace ends the subject), while base64url characters
 * are all valid inside one token.
 */

import { connect, Events, type Msg, type NatsConnection, type NatsError, type Subscription } from 'nats';
import { type Logger, nullLogger } from '../log.js';
import { BusError, type BusStats, decodeBusMessage, encodeBusMessage, redactUrl } from './codec.js';
import type { Bus, BusMessage } from './types.js';

/** Options of a {@link NatsBus}. */
export interface NatsBusOptions {
  /** `nats://[user:password@]host:port`, or several separated by commas. */
  readonly url: string;
  /** Subjects are `<prefix>.<encoded topic>`; a valid subject without wildcards. @default 'parley' */
  readonly prefix?: string;
  /** Link changes, malformed messages and throwing handlers are logged here. @default nullLogger */
  readonly log?: Logger;
}

/** `open()` gives up after this long rather than hang a start. */
const CONNECT_TIMEOUT_MS = 5000;
/** Wait between reconnect attempts to the same server (nats.js adds up to 100 ms jitter). */
const RECONNECT_WAIT_MS = 250;

type Handler = (message: BusMessage) => void;
/** One `subscribe` call: an object, so the same function subscribed twice counts twice. */
interface Entry {
  readonly handler: Handler;
}

/** The handlers of one topic and its NATS subscription (absent before `open()`). */
interface Topic {
  readonly entries: Set<Entry>;
  subscription: Subscription | undefined;
}

/** As in the Redis bus: `down` from a disconnect until the reconnect is confirmed. */
type LinkState = 'idle' | 'opening' | 'up' | 'down' | 'closed';

/**
 * A {@link Bus} over core NATS, one connection per node.
 *
 * - One NATS subscription per topic, reference-counted over its handlers.
 *   {@link NatsBus.settled} flushes (PING/PONG), which proves the server has processed every
 *   SUB sent before it.
 * - The client reconnects forever (every 250 ms) and re-sends its subscriptions itself; the
 *   bus confirms them with a flush before the link listeners hear `true`. Listeners hear
 *   `false` on the disconnect.
 * - While the link is down publishes are dropped and counted in {@link NatsBus.stats}:
 *   nats.js would otherwise buffer them without bound until the reconnect. (Publishes between
 *   the socket's loss and the client's `disconnect` status are still buffered and sent on
 *   reconnect; that window is short.)
 * - A malformed message or a throwing handler is logged and skipped; delivery goes on.
 */
export class NatsBus implements Bus {
  readonly kind = 'nats';
  private readonly url: string;
  private readonly subjectPrefix: string;
  private readonly log: Logger;
  private readonly topics = new Map<string, Topic>();
  private readonly linkListeners = new Set<(up: boolean) => void>();
  private readonly counts = { published: 0, dropped: 0, received: 0, malformed: 0 };
  private nc: NatsConnection | undefined;
  private state: LinkState = 'idle';
  private opening: Promise<void> | undefined;
  private closing: Promise<void> | undefined;
  /** Waiters of {@link NatsBus.settled} while the link is down. */
  private linkBack: { promise: Promise<void>; resolve: () => void; reject: (e: unknown) => void } | undefined;
  /** Bumped at each disconnect, so a late reconnect confirmation is ignored. */
  private generation = 0;

  /** Creates the bus; nothing connects before {@link NatsBus.open}. */
  constructor(options: NatsBusOptions) {
    this.url = options.url;
    this.subjectPrefix = `${options.prefix ?? 'parley'}.`;
    this.log = (options.log ?? nullLogger).child({ bus: 'nats' });
  }

  /** Counters since construction (a copy). */
  get stats(): BusStats {
    return { ...this.counts };
  }

  /**
   * Connects and subscribes the topics subscribed so far. Idempotent; after a failure it may
   * be called again.
   *
   * @throws BusError `unreachable` naming the URL (password redacted) when no server answers
   *   within 5 s; `closed` after {@link NatsBus.close}.
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
    let nc: NatsConnection;
    try {
      nc = await connect({
        servers: this.url.split(',').map((s) => s.trim()),
        name: 'parley-bus',
        timeout: CONNECT_TIMEOUT_MS,
        maxReconnectAttempts: -1,
        reconnectTimeWait: RECONNECT_WAIT_MS,
        waitOnFirstConnect: false,
      });
    } catch (error) {
      if (this.isClosed()) throw closedError();
      this.state = 'idle';
      const reason = error instanceof Error ? error.message : String(error);
      throw new BusError('unreachable', `NATS bus: cannot connect to ${redactUrl(this.url)}: ${reason}`, { cause: error });
    }
    if (this.isClosed()) {
      await nc.close().catch(() => {});
      throw closedError();
    }
    this.nc = nc;
    void this.watch(nc);
    void nc.closed().then((error) => {
      // With endless reconnects only close() or a fatal error (authorization) ends here.
      if (this.isClosed()) return;
      this.log.error('nats bus connection closed for good', { error });
      if (this.state === 'up') this.linkLost();
    });
    for (const [topic, entry] of this.topics) entry.subscription = this.natsSubscribe(topic);
    try {
      await nc.flush();
    } catch {
      // Disconnected already: the reconnect re-sends the subscriptions and reports the link.
    }
    if (this.isClosed()) throw closedError();
    this.state = 'up';
    this.log.info('nats bus connected', { url: redactUrl(this.url) });
  }

  /** Follows the client's status: a disconnect takes the link down, a reconnect brings it up. */
  private async watch(nc: NatsConnection): Promise<void> {
    for await (const status of nc.status()) {
      if (this.state === 'closed') return;
      if (status.type === Events.Disconnect) {
        if (this.state === 'up') {
          this.log.warn('nats bus link lost', { server: status.data });
          this.linkLost();
        }
      } else if (status.type === Events.Reconnect) {
        void this.confirmReconnect(nc);
      } else if (status.type === Events.Error) {
        this.log.warn('nats bus error', { error: status.data });
      }
    }
  }

  private linkLost(): void {
    this.state = 'down';
    this.generation++;
    let resolve!: () => void;
    let reject!: (e: unknown) => void;
    const promise = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // Rejected at close even when nobody waits: that must not be an unhandled rejection.
    promise.catch(() => {});
    this.linkBack = { promise, resolve, reject };
    this.emitLink(false);
  }

  /** nats.js has re-sent every SUB on reconnecting; a flush proves the server has them. */
  private async confirmReconnect(nc: NatsConnection): Promise<void> {
    const generation = this.generation;
    try {
      await nc.flush();
    } catch {
      return; // Dropped again: the next reconnect confirms.
    }
    if (this.state !== 'down' || generation !== this.generation) return;
    this.state = 'up';
    this.log.info('nats bus link restored', { topics: this.topics.size });
    this.linkBack?.resolve();
    this.emitLink(true);
  }

  /**
   * Publishes on the topic's subject. Fire and forget: while the link is down, or when the
   * client refuses the message (for example above the server's max payload), it is dropped
   * and counted (`stats.dropped`).
   *
   * @throws TypeError when the message cannot be encoded (see {@link encodeBusMessage}).
   */
  publish(topic: string, message: BusMessage): void {
    const bytes = encodeBusMessage(message);
    const nc = this.nc;
    if (this.state !== 'up' || nc === undefined || nc.isClosed()) {
      this.counts.dropped++;
      return;
    }
    try {
      nc.publish(this.subject(topic), bytes);
      this.counts.published++;
    } catch (error) {
      this.counts.dropped++;
      this.log.warn('nats bus publish dropped', { bytes: bytes.length, error });
    }
  }

  /**
   * Adds a handler for `topic`; the first handler of a topic subscribes its subject (before
   * `open()`, `open()` does). After {@link NatsBus.close} it does nothing and returns a no-op.
   *
   * @returns The remover; idempotent. Removing the last handler unsubscribes the subject.
   */
  subscribe(topic: string, handler: Handler): () => void {
    if (this.state === 'closed') return () => {};
    const entry: Entry = { handler };
    let current = this.topics.get(topic);
    if (current === undefined) {
      current = { entries: new Set(), subscription: this.nc === undefined ? undefined : this.natsSubscribe(topic) };
      this.topics.set(topic, current);
    }
    current.entries.add(entry);
    const owner = current;
    return () => {
      if (!owner.entries.delete(entry) || owner.entries.size > 0) return;
      if (this.topics.get(topic) === owner) this.topics.delete(topic);
      try {
        owner.subscription?.unsubscribe();
      } catch (error) {
        this.log.debug('nats bus unsubscribe failed', { error });
      }
    };
  }

  private natsSubscribe(topic: string): Subscription | undefined {
    try {
      return this.nc?.subscribe(this.subject(topic), {
        callback: (error: NatsError | null, msg: Msg) => this.deliver(topic, error, msg),
      });
    } catch (error) {
      // Only a closed connection refuses a SUB; a closed bus has no use for it.
      this.log.warn('nats bus subscribe failed', { error });
      return undefined;
    }
  }

  /**
   * Resolves once the server has every subscription made so far (a flush), waiting for the
   * link to come back first when it is down. Before `open()` it resolves at once.
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
      try {
        await this.nc?.flush();
        return;
      } catch {
        if (this.state === 'up') await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
  }

  /** Adds a link listener (see {@link Bus.onLink}); returns its remover. */
  onLink(listener: (up: boolean) => void): () => void {
    this.linkListeners.add(listener);
    return () => {
      this.linkListeners.delete(listener);
    };
  }

  /** Closes the connection (without draining) and forgets every handler. Idempotent. */
  close(): Promise<void> {
    if (this.closing) return this.closing;
    this.state = 'closed';
    this.topics.clear();
    this.linkListeners.clear();
    this.linkBack?.reject(closedError());
    const nc = this.nc;
    this.closing = (async () => {
      // A close during open() leaves the connection to the open path, which closes it.
      await this.opening?.catch(() => {});
      await (nc ?? this.nc)?.close().catch(() => {});
    })();
    return this.closing;
  }

  /** A method, not a field comparison: `close()` may run while `connect()` awaits. */
  private isClosed(): boolean {
    return this.state === 'closed';
  }

  private subject(topic: string): string {
    // The empty topic would leave an empty token; `_` alone is no base64url of anything else.
    return this.subjectPrefix + (topic === '' ? '_' : Buffer.from(topic, 'utf8').toString('base64url'));
  }

  private deliver(topic: string, error: NatsError | null, msg: Msg): void {
    if (this.state === 'closed') return;
    if (error !== null) {
      this.log.warn('nats bus subscription error', { error });
      return;
    }
    let message: BusMessage;
    try {
      message = decodeBusMessage(msg.data);
    } catch (decodeError) {
      this.counts.malformed++;
      this.log.warn('nats bus dropped a malformed message', { bytes: msg.data.length, error: decodeError });
      return;
    }
    this.counts.received++;
    const entries = this.topics.get(topic)?.entries;
    if (entries === undefined) return;
    for (const entry of entries) {
      try {
        entry.handler(message);
      } catch (handlerError) {
        this.log.error('bus handler threw', { kind: message.kind, error: handlerError });
      }
    }
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
