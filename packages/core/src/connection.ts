import type { Envelope, OpName, OpRequest, OpResult, parley } from '@parley/protocol';
import { ClientCode, type ConnectionState, KickReason } from './codes.js';
import { backoffDelay } from './environment.js';
import { ConnectionError, isParleyError, RequestError, TimeoutError } from './errors.js';
import { authenticate, FATAL_AUTH } from './auth.js';
import { type InFlight, Link, type RequestMeta } from './link.js';
import type { Credential, ResolvedOptions } from './options.js';

/** Options of one request. */
export interface RequestOptions extends RequestMeta {
  /** How long the request may take, waiting for a connection included; 0 = no limit. @default the client's `requestTimeoutMs` */
  timeoutMs?: number;
  /** Called once when the server acknowledges the request early (§4.3). */
  onAck?: () => void;
  /** Aborting rejects the request with `ABORTED` (it may still have reached the server). */
  signal?: AbortSignal;
}

/** What the connection asks of its owner. */
export interface ConnectionHooks {
  /** A session is authenticated on a fresh link: run sync; requests sent with `session: true` go out now. */
  authenticated(result: parley.v1.LoginResult, resumed: boolean): Promise<void>;
  push(envelope: Envelope): void;
  state(state: ConnectionState, previous: ConnectionState): void;
  kicked(reason: number, detail: string): void;
  credentialRequired(reason: 'expiring' | 'expired', expiresAt: number): void;
  hello(result: parley.v1.HelloResult): void;
}

interface Pending {
  op: OpName;
  payload: unknown;
  meta: RequestMeta;
  session: boolean;
  acked: boolean;
  settled: boolean;
  linkId: number | undefined;
  timer: unknown;
  options: RequestOptions;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/**
 * The connection state machine: opens links, says hello, logs in or resumes, hands over to
 * sync, keeps the link alive with heartbeats, and reconnects with jittered exponential
 * backoff. It queues requests while there is no ready session and resends them (with the same
 * idempotency key) after a reconnect, so a request outlives a dropped link.
 */
export class Connection {
  #state: ConnectionState = 'idle';
  #link: Link | undefined;
  #queue: Pending[] = [];
  #credential: Credential | undefined;
  #resumeToken = '';
  #cursor: () => number = () => 0;
  #generation = 0;
  #attempt = 0;
  #wake: (() => void) | undefined;
  #heartbeat: unknown;
  #heartbeatMs = 30_000;
  #drainDelayMs = 0;
  #kick: { reason: number; detail: string } | undefined;
  #loginWaiters: Array<{ resolve(result: parley.v1.LoginResult): void; reject(error: Error): void }> = [];
  #session: parley.v1.LoginResult | undefined;
  #unsubscribeOnline: () => void;
  #online: boolean;
  #refreshing = false;
  /** Requests sent on the current link and not yet answered (there is one link at a time). */
  #inFlight = new Set<Pending>();

  constructor(
    private readonly options: ResolvedOptions,
    private readonly hooks: ConnectionHooks,
  ) {
    const env = options.env;
    this.#online = env.online();
    this.#unsubscribeOnline = env.onOnlineChange((online) => this.#onlineChange(online));
  }

  get state(): ConnectionState {
    return this.#state;
  }

  /** The current session's login result, once authenticated. */
  get session(): parley.v1.LoginResult | undefined {
    return this.#session;
  }

  /**
   * Starts a session with `credential` and resolves when it is ready (synced). Network
   * failures are retried with backoff; a refused credential rejects.
   * @throws {RequestError} when the server refuses the app or the credential.
   * @throws {ConnectionError} `INVALID_STATE` when a session is already running or the client is closed.
   */
  login(credential: Credential, cursor: () => number): Promise<parley.v1.LoginResult> {
    if (this.#state === 'closed') return Promise.reject(new ConnectionError(ClientCode.CLIENT_CLOSED, 'the client is closed'));
    if (this.#state !== 'idle' && this.#state !== 'kicked') {
      return Promise.reject(new ConnectionError(ClientCode.INVALID_STATE, `login while ${this.#state}`));
    }
    this.#credential = credential;
    this.#cursor = cursor;
    this.#resumeToken = '';
    this.#kick = undefined;
    const done = new Promise<parley.v1.LoginResult>((resolve, reject) => this.#loginWaiters.push({ resolve, reject }));
    this.#run(false);
    return done;
  }

  /**
   * Replaces the credential. On a live session it is `auth.refresh` (the session stays up);
   * after an expiry it logs in again with it and syncs from where the cache left off.
   */
  async refreshCredential(credential: Credential): Promise<void> {
    this.#credential = credential;
    if (this.#state === 'kicked' && this.#kick?.reason === KickReason.CREDENTIAL_EXPIRED) {
      this.#kick = undefined;
      this.#resumeToken = '';
      const done = new Promise<parley.v1.LoginResult>((resolve, reject) => this.#loginWaiters.push({ resolve, reject }));
      this.#run(true);
      await done;
      return;
    }
    if (this.#state === 'idle' || this.#state === 'closed' || this.#state === 'kicked') {
      throw new ConnectionError(ClientCode.INVALID_STATE, `refreshCredential while ${this.#state}`);
    }
    await this.request('authRefresh', { credential }, { timeoutMs: this.options.authTimeoutMs });
  }

  /**
   * Sends a request, waiting for a ready session if there is none yet.
   * @throws {RequestError} the server's refusal; {@link TimeoutError}; {@link ConnectionError}.
   */
  request<N extends OpName>(op: N, payload: OpRequest<N>, options: RequestOptions & { session?: boolean } = {}): Promise<OpResult<N>> {
    return new Promise<OpResult<N>>((resolve, reject) => {
      const blocked = this.#refusal();
      if (blocked) {
        reject(blocked);
        return;
      }
      const meta: RequestMeta = {};
      if (options.idempotencyKey) meta.idempotencyKey = options.idempotencyKey;
      if (options.subject) meta.subject = options.subject;
      if (options.crossApp) meta.crossApp = options.crossApp;
      const pending: Pending = {
        op,
        payload,
        meta,
        session: options.session === true,
        acked: false,
        settled: false,
        linkId: undefined,
        timer: undefined,
        options,
        resolve: resolve as (value: unknown) => void,
        reject,
      };
      const timeoutMs = options.timeoutMs ?? this.options.requestTimeoutMs;
      if (timeoutMs > 0) {
        pending.timer = this.options.env.setTimeout(() => this.#fail(pending, new TimeoutError(op, pending.acked, timeoutMs)), timeoutMs);
      }
      const signal = options.signal;
      if (signal) {
        if (signal.aborted) {
          this.#fail(pending, new ConnectionError(ClientCode.ABORTED, `${op} was aborted`));
          return;
        }
        signal.addEventListener('abort', () => this.#fail(pending, new ConnectionError(ClientCode.ABORTED, `${op} was aborted`)), { once: true });
      }
      if (pending.session || this.#state === 'ready') this.#dispatch(pending);
      else this.#queue.push(pending);
    });
  }

  /** Logs out: tells the server (best effort), ends the session and returns to `idle`. */
  async logout(): Promise<void> {
    const link = this.#link;
    if (link?.open && this.#state === 'ready') {
      await this.request('authLogout', {}, { timeoutMs: 3000 }).catch(() => {});
    }
    this.#stop('idle', new ConnectionError(ClientCode.NOT_CONNECTED, 'logged out'));
  }

  /** Ends everything for good: state `closed`, pending requests reject with `CLIENT_CLOSED`. */
  close(): void {
    if (this.#state === 'closed') return;
    this.#stop('closed', new ConnectionError(ClientCode.CLIENT_CLOSED, 'the client is closed'));
    this.#unsubscribeOnline();
  }

  /** Drops the current link as if the network had failed (tests, and the `offline` event). */
  dropLink(reason = 'dropped'): void {
    this.#link?.abandon(4000, reason);
  }

  #refusal(): ConnectionError | undefined {
    switch (this.#state) {
      case 'closed':
        return new ConnectionError(ClientCode.CLIENT_CLOSED, 'the client is closed');
      case 'idle':
        return new ConnectionError(ClientCode.NOT_CONNECTED, 'not logged in');
      case 'kicked':
        return new ConnectionError(ClientCode.KICKED, 'the session was kicked');
      default:
        return undefined;
    }
  }

  #setState(next: ConnectionState): void {
    const previous = this.#state;
    if (previous === next) return;
    this.#state = next;
    this.hooks.state(next, previous);
  }

  #dispatch(pending: Pending): void {
    const link = this.#link;
    if (!link?.open) {
      if (pending.session) this.#fail(pending, new ConnectionError(ClientCode.NOT_CONNECTED, 'the connection is closed'));
      else this.#queue.push(pending);
      return;
    }
    const inFlight: InFlight = {
      op: pending.op,
      ack: () => {
        if (pending.acked || pending.settled) return;
        pending.acked = true;
        pending.options.onAck?.();
      },
      settle: (error, result) => {
        if (error) this.#fail(pending, error);
        else this.#succeed(pending, result);
      },
    };
    try {
      pending.linkId = link.send(pending.op, pending.payload, pending.meta, inFlight);
      this.#inFlight.add(pending);
    } catch (error) {
      // An encode failure is the caller's problem; a closed link is not (requeue).
      if (isParleyError(error) && error.code === ClientCode.NOT_CONNECTED && !pending.session) this.#queue.push(pending);
      else this.#fail(pending, error as Error);
    }
  }

  #succeed(pending: Pending, result: unknown): void {
    if (pending.settled) return;
    pending.settled = true;
    this.#inFlight.delete(pending);
    this.options.env.clearTimeout(pending.timer);
    pending.resolve(result);
  }

  #fail(pending: Pending, error: Error): void {
    if (pending.settled) return;
    pending.settled = true;
    this.#inFlight.delete(pending);
    this.options.env.clearTimeout(pending.timer);
    if (pending.linkId !== undefined) this.#link?.forget(pending.linkId);
    const index = this.#queue.indexOf(pending);
    if (index >= 0) this.#queue.splice(index, 1);
    pending.reject(error);
  }

  #flushQueue(): void {
    const queued = this.#queue;
    this.#queue = [];
    for (const pending of queued) if (!pending.settled) this.#dispatch(pending);
  }

  #stop(state: 'idle' | 'closed' | 'kicked', error: ConnectionError): void {
    this.#generation++;
    this.#stopHeartbeat();
    this.#setState(state);
    const link = this.#link;
    this.#link = undefined;
    link?.close(1000, state);
    for (const pending of [...this.#inFlight, ...this.#queue.splice(0)]) this.#fail(pending, error);
    for (const waiter of this.#loginWaiters.splice(0)) waiter.reject(error);
    this.#wake?.();
  }

  #onlineChange(online: boolean): void {
    this.#online = online;
    if (!online) {
      // The platform knows the network is gone: stop waiting for the link to time out.
      this.#link?.abandon(4000, 'offline');
    } else {
      this.#attempt = 0;
      this.#wake?.();
    }
  }

  #sleep(ms: number, generation: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.options.env.clearTimeout(timer);
        if (this.#wake === done) this.#wake = undefined;
        resolve();
      };
      const timer = this.options.env.setTimeout(done, ms);
      this.#wake = done;
      if (generation !== this.#generation) done();
    });
  }

  async #waitOnline(generation: number): Promise<void> {
    while (!this.#online && generation === this.#generation) await this.#sleep(60_000, generation);
  }

  /** The session loop of one login: connect, authenticate, sync, serve, and again after a drop. */
  #run(reconnecting: boolean): void {
    const generation = ++this.#generation;
    this.#attempt = 0;
    this.#setState(reconnecting ? 'reconnecting' : 'connecting');
    void (async () => {
      let first = !reconnecting;
      while (generation === this.#generation) {
        if (!first) {
          this.#setState('reconnecting');
          const delay = Math.max(this.#drainDelayMs, backoffDelay(this.#attempt, this.options.reconnectBaseMs, this.options.reconnectMaxMs, this.options.env.random));
          this.#drainDelayMs = 0;
          this.#attempt++;
          await this.#sleep(delay, generation);
          await this.#waitOnline(generation);
          if (generation !== this.#generation) return;
        }
        first = false;
        const ended = await this.#attemptSession(generation);
        if (ended === 'stop') return;
      }
    })();
  }

  /** One connection attempt and, when it works, its whole life. */
  async #attemptSession(generation: number): Promise<'again' | 'stop'> {
    const env = this.options.env;
    let closed!: () => void;
    const linkClosed = new Promise<void>((resolve) => {
      closed = resolve;
    });
    let link: Link | undefined;
    try {
      link = await Link.open(
        this.options.transport,
        this.options.codec,
        this.options.url,
        {
          push: (envelope) => this.#onPush(envelope),
          closed: (info) => {
            if (link) this.#onLinkClosed(link, info.code);
            closed();
          },
        },
        env.now,
      );
    } catch {
      return 'again';
    }
    if (generation !== this.#generation) {
      link.close(1000, 'superseded');
      return 'stop';
    }
    this.#link = link;
    try {
      this.#setState('authenticating');
      const session = await authenticate({
        options: this.options,
        request: (op, payload) => this.request(op, payload, { session: true, timeoutMs: this.options.authTimeoutMs }),
        resumeToken: this.#resumeToken,
        cursor: this.#cursor(),
        credential: this.#credential,
        hello: (hello) => {
          this.#heartbeatMs = this.options.heartbeatMs ?? (hello.heartbeatMs || 30_000);
          this.hooks.hello(hello);
        },
      });
      if (generation !== this.#generation) return 'stop';
      this.#session = session;
      this.#setState('syncing');
      this.#startHeartbeat(link);
      await this.hooks.authenticated(session, this.#resumeToken !== '' && session.resumeToken === this.#resumeToken);
      if (generation !== this.#generation || !link.open) return generation === this.#generation ? 'again' : 'stop';
      this.#resumeToken = session.resumeToken;
      this.#attempt = 0;
      this.#setState('ready');
      for (const waiter of this.#loginWaiters.splice(0)) waiter.resolve(session);
      this.#flushQueue();
    } catch (error) {
      if (generation !== this.#generation) return 'stop';
      if (error instanceof RequestError && FATAL_AUTH.has(error.code) && (error.op === 'authLogin' || error.op === 'connHello')) {
        link.close(1000, 'refused');
        if (error.code === ClientCode.CREDENTIAL_EXPIRED && this.#loginWaiters.length === 0) {
          this.#kicked(KickReason.CREDENTIAL_EXPIRED, error.message);
          return 'stop';
        }
        const waiters = this.#loginWaiters.splice(0);
        this.#stop('idle', new ConnectionError(ClientCode.NOT_CONNECTED, 'login refused'));
        for (const waiter of waiters) waiter.reject(error);
        return 'stop';
      }
      link.abandon(4000, 'session setup failed');
    }
    await linkClosed;
    return generation === this.#generation && this.#state !== 'kicked' ? 'again' : 'stop';
  }

  #onPush(envelope: Envelope): void {
    const push = envelope.push;
    if (!push) return;
    if (push.kicked) {
      this.#kick = { reason: push.kicked.reason ?? 0, detail: push.kicked.detail ?? '' };
      return;
    }
    if (push.draining) {
      this.#drainDelayMs = push.draining.retryAfterMs ?? 0;
      return;
    }
    if (push.credentialExpiring) {
      this.#credentialRequired('expiring', push.credentialExpiring.expiresAt ?? 0);
      return;
    }
    this.hooks.push(envelope);
  }

  #onLinkClosed(link: Link, code: number): void {
    if (this.#link !== link) return;
    this.#link = undefined;
    this.#stopHeartbeat();
    // Requests in flight on the dead link go back to the queue and are resent, with the same
    // idempotency key, once a session is ready again; session-setup requests just fail.
    for (const pending of [...this.#inFlight]) {
      this.#inFlight.delete(pending);
      pending.linkId = undefined;
      if (pending.session) this.#fail(pending, new ConnectionError(ClientCode.NOT_CONNECTED, 'the connection closed'));
      else this.#queue.push(pending);
    }
    const kick = this.#kick ?? (code === 4003 ? { reason: KickReason.UNSPECIFIED, detail: 'kicked' } : undefined);
    if (kick && this.#state !== 'closed' && this.#state !== 'idle') {
      this.#kicked(kick.reason, kick.detail);
      return;
    }
    if (this.#state === 'ready' || this.#state === 'syncing' || this.#state === 'authenticating') this.#setState('reconnecting');
  }

  #kicked(reason: number, detail: string): void {
    this.#stop('kicked', new ConnectionError(ClientCode.KICKED, `kicked: ${detail || reason}`));
    this.#kick = { reason, detail };
    this.hooks.kicked(reason, detail);
    if (reason === KickReason.CREDENTIAL_EXPIRED) this.#credentialRequired('expired', 0);
  }

  #credentialRequired(reason: 'expiring' | 'expired', expiresAt: number): void {
    this.hooks.credentialRequired(reason, expiresAt);
    const refresh = this.options.refreshCredential;
    if (!refresh || this.#refreshing) return;
    this.#refreshing = true;
    void (async () => {
      try {
        await this.refreshCredential(await refresh(reason));
      } catch {
        // The app's refresher failed: the `credentialRequired` event already told the app.
      } finally {
        this.#refreshing = false;
      }
    })();
  }

  #startHeartbeat(link: Link): void {
    this.#stopHeartbeat();
    const env = this.options.env;
    const beat = () => {
      if (!link.open) return;
      const silentMs = env.now() - link.lastFrameAt;
      if (silentMs >= 2 * this.#heartbeatMs) {
        link.abandon(4000, 'heartbeat timeout');
        return;
      }
      this.request('connPing', {}, { session: true, timeoutMs: this.#heartbeatMs }).catch(() => {});
      this.#heartbeat = env.setTimeout(beat, this.#heartbeatMs);
    };
    this.#heartbeat = env.setTimeout(beat, this.#heartbeatMs);
  }

  #stopHeartbeat(): void {
    this.options.env.clearTimeout(this.#heartbeat);
    this.#heartbeat = undefined;
  }
}
