/**
 * The NATS {@link Bus}: core NATS pub/sub (nats.js 2, not JetStream) between the nodes of a
 * cluster. Messages are {@link encodeBusMessage} bytes on subject
 * `<prefix>.<base64url(utf8(topic))>`: subjects cannot carry arbitrary bytes (dots separate
 * tokens, `*` and `>` are wildcards, whitespace ends the subject), while base64url characters
 * are all valid inside one token.
 */

import { connect, Events, type Msg, type NatsConnection, type NatsError, type Subscription } from 'nats';
import type { Logger } from '../log.js';
import { closedError, RemoteBus } from './remote.js';
import type { Bus } from './types.js';

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

/**
 * A {@link Bus} over core NATS, one connection per node. The handlers, `open()`, `close()`,
 * the counters and delivery are {@link RemoteBus}'s; this class moves the bytes.
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
export class NatsBus extends RemoteBus<'nats'> {
  private readonly subjectPrefix: string;
  private nc: NatsConnection | undefined;
  /** The NATS subscription of each topic with handlers (none before `open()`). */
  private readonly subscriptions = new Map<string, Subscription>();

  /** Creates the bus; nothing connects before {@link NatsBus.open}. */
  constructor(options: NatsBusOptions) {
    super({ kind: 'nats', name: 'NATS', url: options.url, log: options.log });
    this.subjectPrefix = `${options.prefix ?? 'parley'}.`;
  }

  /** Connects (at most 5 s), subscribes the current topics and flushes. */
  protected override async connect(): Promise<void> {
    const nc = await connect({
      servers: this.url.split(',').map((s) => s.trim()),
      name: 'parley-bus',
      timeout: CONNECT_TIMEOUT_MS,
      maxReconnectAttempts: -1,
      reconnectTimeWait: RECONNECT_WAIT_MS,
      waitOnFirstConnect: false,
    });
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
    for (const topic of this.topicNames()) this.addTopic(topic);
    try {
      await nc.flush();
    } catch {
      // Disconnected already: the reconnect re-sends the subscriptions and reports the link.
    }
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

  /** nats.js has re-sent every SUB on reconnecting; a flush proves the server has them. */
  private async confirmReconnect(nc: NatsConnection): Promise<void> {
    const losses = this.losses;
    try {
      await nc.flush();
    } catch {
      return; // Dropped again: the next reconnect confirms.
    }
    if (this.state !== 'down' || losses !== this.losses) return;
    this.linkRestored({ topics: this.topicNames().length });
  }

  /**
   * Publishes on the topic's subject. While the link is down, or when the client refuses the
   * message (for example above the server's max payload), it is dropped and counted.
   */
  protected override publishBytes(topic: string, bytes: Uint8Array): void {
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

  /** Subscribes the topic's subject; before `open()`, `open()` does. */
  protected override addTopic(topic: string): void {
    const nc = this.nc;
    if (nc === undefined) return;
    try {
      const subscription = nc.subscribe(this.subject(topic), {
        callback: (error: NatsError | null, msg: Msg) => this.onMessage(topic, error, msg),
      });
      this.subscriptions.set(topic, subscription);
    } catch (error) {
      // Only a closed connection refuses a SUB; a closed bus has no use for it.
      this.log.warn('nats bus subscribe failed', { error });
    }
  }

  protected override removeTopic(topic: string): void {
    const subscription = this.subscriptions.get(topic);
    this.subscriptions.delete(topic);
    try {
      subscription?.unsubscribe();
    } catch (error) {
      this.log.debug('nats bus unsubscribe failed', { error });
    }
  }

  /** A flush: the server has processed every SUB sent before its PING. */
  protected override async subscriptionsConfirmed(): Promise<boolean> {
    try {
      await this.nc?.flush();
      return true;
    } catch {
      return false;
    }
  }

  /** Closes the connection without draining. */
  protected override async disconnect(): Promise<void> {
    const nc = this.nc;
    this.subscriptions.clear();
    // A close during open() leaves the connection to the open path, which closes it.
    await this.opening?.catch(() => {});
    await (nc ?? this.nc)?.close().catch(() => {});
  }

  private subject(topic: string): string {
    // The empty topic would leave an empty token; `_` alone is no base64url of anything else.
    return this.subjectPrefix + (topic === '' ? '_' : Buffer.from(topic, 'utf8').toString('base64url'));
  }

  private onMessage(topic: string, error: NatsError | null, msg: Msg): void {
    if (error === null) this.deliver(topic, msg.data);
    else if (!this.isClosed()) this.log.warn('nats bus subscription error', { error });
  }
}
