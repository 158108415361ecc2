/**
 * What the distributed buses (Redis, NATS) share: the handlers of each topic, `open()`,
 * `settled()`, `close()`, the link listeners, the counters and the delivery of incoming bytes.
 * A backend only moves bytes and follows its client's connection state, through the few
 * abstract hooks of {@link RemoteBus}.
 *
 * This is code sharing below the seam, not a seam: callers still see only {@link Bus}. The
 * module imports no client library, so loading one backend never loads the other's client.
 */

import { type LogFields, type Logger, nullLogger } from '../log.js';
import { BusError, type BusStats, decodeBusMessage, encodeBusMessage, redactUrl } from './codec.js';
import type { Bus, BusMessage } from './types.js';

/** A handler of one topic. */
export type BusHandler = (message: BusMessage) => void;

/** One `subscribe` call: an object, so the same function subscribed twice counts twice. */
interface Entry {
  readonly handler: BusHandler;
}

/**
 * Where a distributed bus stands. `down`: from losing the link (any of its connections) until
 * the backend has it back with every subscription restored.
 */
export type LinkState = 'idle' | 'opening' | 'up' | 'down' | 'closed';

/** What a backend gives {@link RemoteBus} at construction. */
export interface RemoteBusSetup<Kind extends string> {
  /** {@link Bus.kind}, also the `bus` field of every log line and the start of each message. */
  readonly kind: Kind;
  /** The backend's name in error messages (`Redis`, `NATS`). */
  readonly name: string;
  /** The backend's URL; it appears in logs and errors with its password redacted. */
  readonly url: string;
  /** @default nullLogger */
  readonly log: Logger | undefined;
}

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

/** The error of every call that a closed bus refuses. */
export function closedError(): BusError {
  return new BusError('closed', 'the bus is closed');
}

/**
 * The shared half of a distributed {@link Bus}.
 *
 * - Subscriptions are reference-counted per topic: the first handler of a topic calls
 *   {@link RemoteBus.addTopic}, the removal of the last one {@link RemoteBus.removeTopic}.
 * - {@link RemoteBus.open} is idempotent and may be retried after a failure, which it reports
 *   as a {@link BusError} `unreachable` naming the URL (password redacted).
 * - The backend reports the link with {@link RemoteBus.linkLost} and
 *   {@link RemoteBus.linkRestored}; listeners hear `false` once per loss, and `true` once the
 *   backend has restored every subscription. {@link RemoteBus.settled} waits out a loss.
 * - Publishes are never queued: one the link cannot take is dropped and counted.
 * - A malformed message or a throwing handler (or link listener) is logged and skipped;
 *   delivery goes on.
 */
export abstract class RemoteBus<Kind extends string> implements Bus {
  readonly kind: Kind;
  protected readonly url: string;
  protected readonly log: Logger;
  /** Counters behind {@link RemoteBus.stats}; the backend counts what it publishes or drops. */
  protected readonly counts = { published: 0, dropped: 0, received: 0, malformed: 0 };
  protected state: LinkState = 'idle';
  /** The pending or finished `open()`; cleared when it fails, so a later call retries. */
  protected opening: Promise<void> | undefined;
  /** Bumped at each loss of the link, so a late confirmation of an earlier reconnect is ignored. */
  protected losses = 0;
  private readonly name: string;
  private readonly topics = new Map<string, Set<Entry>>();
  private readonly linkListeners = new Set<(up: boolean) => void>();
  private closing: Promise<void> | undefined;
  /** Resolved when the link is back `up`; replaced at each loss. */
  private linkBack: Deferred | undefined;

  protected constructor(setup: RemoteBusSetup<Kind>) {
    this.kind = setup.kind;
    this.name = setup.name;
    this.url = setup.url;
    this.log = (setup.log ?? nullLogger).child({ bus: setup.kind });
  }

  /**
   * Connects and subscribes every topic of {@link RemoteBus.topicNames}. Any error means the
   * open failed: the hook leaves nothing running behind it, and `open()` wraps the error.
   */
  protected abstract connect(): Promise<void>;

  /** Subscribes the backend to a topic that just got its first handler (when connected). */
  protected abstract addTopic(topic: string): void;

  /** Unsubscribes the backend from a topic that just lost its last handler. */
  protected abstract removeTopic(topic: string): void;

  /**
   * Sends encoded bytes on a topic, fire and forget, counting them in {@link RemoteBus.counts}
   * as published or dropped. Never called once the bus is closed.
   */
  protected abstract publishBytes(topic: string, bytes: Uint8Array): void;

  /**
   * Waits until the backend has acknowledged every subscription sent so far. `false`: the
   * link failed meanwhile; `settled()` then tries again (after the link is back if it is down).
   */
  protected abstract subscriptionsConfirmed(): Promise<boolean>;

  /** Closes the connections. Called once, synchronously from `close()`; must not reject. */
  protected abstract disconnect(): Promise<void>;

  /** Runs once `open()` has set the state `up`, before it resolves. */
  protected opened(): void {}

  /** Counters since construction (a copy). */
  get stats(): BusStats {
    return { ...this.counts };
  }

  /**
   * Connects and subscribes the topics subscribed so far. Idempotent; after a failure it may
   * be called again.
   *
   * @throws BusError `unreachable` naming the URL (password redacted) when the backend cannot
   *   be reached within 5 s; `closed` after {@link RemoteBus.close}.
   */
  open(): Promise<void> {
    if (this.state === 'closed') return Promise.reject(closedError());
    this.opening ??= this.openOnce().catch((error: unknown) => {
      this.opening = undefined;
      throw error;
    });
    return this.opening;
  }

  private async openOnce(): Promise<void> {
    this.state = 'opening';
    try {
      await this.connect();
    } catch (error) {
      if (this.isClosed()) throw closedError();
      this.state = 'idle';
      const reason = error instanceof Error ? error.message : String(error);
      throw new BusError('unreachable', `${this.name} bus: cannot connect to ${redactUrl(this.url)}: ${reason}`, { cause: error });
    }
    if (this.isClosed()) throw closedError();
    this.state = 'up';
    this.opened();
    this.log.info(`${this.kind} bus connected`, { url: redactUrl(this.url) });
  }

  /**
   * Encodes and publishes on `topic`. Fire and forget: when the link cannot take the message
   * it is dropped and counted (`stats.dropped`); nothing is queued. See the backend for when.
   *
   * @throws TypeError when the message cannot be encoded (see {@link encodeBusMessage}).
   */
  publish(topic: string, message: BusMessage): void {
    const bytes = encodeBusMessage(message);
    if (this.state === 'closed') {
      this.counts.dropped++;
      return;
    }
    this.publishBytes(topic, bytes);
  }

  /**
   * Adds a handler for `topic`; the first handler of a topic subscribes the backend (before
   * `open()`, or while the link is down, `open()` or the restore does). After
   * {@link RemoteBus.close} it does nothing and returns a no-op.
   *
   * @returns The remover; idempotent. Removing the last handler unsubscribes the topic.
   */
  subscribe(topic: string, handler: BusHandler): () => void {
    if (this.state === 'closed') return () => {};
    const entry: Entry = { handler };
    let entries = this.topics.get(topic);
    if (entries === undefined) {
      entries = new Set();
      this.topics.set(topic, entries);
      this.addTopic(topic);
    }
    entries.add(entry);
    return () => {
      // Another set by now (or none) when the topic was emptied and subscribed again, or closed.
      const current = this.topics.get(topic);
      if (current === undefined || !current.delete(entry) || current.size > 0) return;
      this.topics.delete(topic);
      this.removeTopic(topic);
    };
  }

  /**
   * Resolves once the backend has every subscription made so far and the link is up (while
   * it is down, once it is back with subscriptions restored). Before `open()` it resolves at
   * once.
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
      if (await this.subscriptionsConfirmed()) return;
      // Still `up`: the connection is dropping but the client has not said so yet.
      if (this.state === 'up') await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Adds a link listener (see {@link Bus.onLink}); returns its remover. */
  onLink(listener: (up: boolean) => void): () => void {
    this.linkListeners.add(listener);
    return () => {
      this.linkListeners.delete(listener);
    };
  }

  /** Forgets every handler and listener, then closes the connections. Idempotent. */
  close(): Promise<void> {
    if (this.closing) return this.closing;
    this.state = 'closed';
    this.topics.clear();
    this.linkListeners.clear();
    this.linkBack?.reject(closedError());
    this.closing = this.disconnect();
    return this.closing;
  }

  /** A method, not a field comparison: `close()` may run while `open()` awaits. */
  protected isClosed(): boolean {
    return this.state === 'closed';
  }

  /** The topics with at least one handler, for subscribing them on a new connection. */
  protected topicNames(): string[] {
    return [...this.topics.keys()];
  }

  /** The link went down: `settled()` now waits for it, and the listeners hear `false`. */
  protected linkLost(): void {
    this.state = 'down';
    this.losses++;
    this.linkBack = deferred();
    this.emitLink(false);
  }

  /** The link is back with every subscription restored: the listeners hear `true`. */
  protected linkRestored(fields?: LogFields): void {
    this.state = 'up';
    this.log.info(`${this.kind} bus link restored`, fields);
    this.linkBack?.resolve();
    this.emitLink(true);
  }

  /** Decodes bytes that arrived on `topic` and hands them to its handlers. */
  protected deliver(topic: string, payload: Uint8Array): void {
    if (this.state === 'closed') return;
    let message: BusMessage;
    try {
      message = decodeBusMessage(payload);
    } catch (error) {
      this.counts.malformed++;
      this.log.warn(`${this.kind} bus dropped a malformed message`, { bytes: payload.length, error });
      return;
    }
    this.counts.received++;
    const entries = this.topics.get(topic);
    if (entries === undefined) return;
    for (const entry of entries) {
      try {
        entry.handler(message);
      } catch (error) {
        this.log.error('bus handler threw', { kind: message.kind, error });
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
