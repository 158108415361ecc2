import { type Client, type ConnectionState as CoreState, KickReason } from '@parley/core';
import { instanceId, ShimKind, shimClient } from '@parley/shim-kit';
import { memoryStorage } from '@parley/storage-memory';
import { ConnectionChangeReason, type ConnectionChangeReasonValue, ConnectionState, type ConnectionStateValue, FORCEOUT_TEXT, ForceoutCode, LOGLEVEL } from './constants.js';
import { Emitter } from './emitter.js';
import { Code, HummerError, paramError, toFailure } from './errors.js';
import { CallQueue, type LazyArea } from './lazy.js';

/** The hummer-chatroom-sdk version this package reproduces. */
export const VERSION = '2.2.1';

/** How long `login` waits before it gives up with `LOGIN_TIMEOUT` (1006). */
const LOGIN_TIMEOUT_MS = 15_000;

/** A successful call's value: `{rescode: 0, msg: 'OK', …}`. */
export type Result = { rescode: 0; msg: string } & Record<string, unknown>;

/** Options of {@link HummerCore.call}. */
export interface CallOptions {
  /** Callable before login. */
  ungated?: boolean;
  /** Canonical code → this method's rescode. */
  codes?: Partial<Record<number, number>>;
}

/** A translator of hummer-level pushes (P2P messages, …): subscribes to the client, returns the unsubscribe. Installed before login. */
export type Wiring = (core: HummerCore, client: Client) => () => void;

/**
 * The state behind one `hummer` object: its session (a core client), the connection state and
 * reason, the log level, its event emitter, and the Promise/`rescode` framing of every call.
 * ChatRoom and Channel objects made from it share it.
 */
export class HummerCore {
  readonly events = new Emitter();
  #client: Client | undefined;
  #uid = '';
  #region = 'cn';
  #state: ConnectionStateValue = ConnectionState.DISCONNECTED;
  #reason: ConnectionChangeReasonValue = ConnectionChangeReason.INIT;
  #logLevel: number = LOGLEVEL.WARN;
  #loggedIn = false;
  #unwire: Array<() => void> = [];
  /** Run when the session ends (logout, kick): rooms and channels drop their handles. */
  readonly #onEnd = new Set<() => void>();
  /** Calls in call order while one waits for its module to load. */
  readonly #calls = new CallQueue();
  /** Set while a deferred call makes its `call`, which is already in its turn (see {@link defer}). */
  #inTurn = false;

  constructor(
    readonly appid: number,
    private readonly wirings: readonly Wiring[],
  ) {}

  get uid(): string {
    return this.#uid;
  }

  get region(): string {
    return this.#region;
  }

  get state(): ConnectionStateValue {
    return this.#state;
  }

  get loggedIn(): boolean {
    return this.#loggedIn;
  }

  /** The logged-in session's client. @throws {HummerError} 1009 before a successful login. */
  get client(): Client {
    if (!this.#client || !this.#loggedIn) throw new HummerError(Code.Unauthorized, 'Unauthorized: login first');
    return this.#client;
  }

  set logLevel(level: number) {
    this.#logLevel = level;
  }

  /** Logs at `level` (LOGLEVEL) when the configured level lets it through. */
  log(level: number, ...args: unknown[]): void {
    if (level < this.#logLevel) return;
    const write = level >= LOGLEVEL.ERROR ? console.error : level >= LOGLEVEL.WARN ? console.warn : console.log;
    write('[Hummer]', ...args);
  }

  /** Calls `fn` when the session ends (logout or kick); returns the unsubscribe. */
  onEnd(fn: () => void): () => void {
    this.#onEnd.add(fn);
    return () => this.#onEnd.delete(fn);
  }

  /**
   * Runs one call: resolves `{rescode: 0, msg: 'OK', ...fields}`, rejects with `{rescode, msg}`.
   * Gated on a logged-in session unless `ungated` (1009 Unauthorized).
   */
  call(name: string, run: () => Promise<Record<string, unknown> | undefined> | Record<string, unknown> | undefined, options: CallOptions = {}): Promise<Result> {
    // Behind calls whose module is loading, a call waits its turn (calls keep their order).
    if (!this.#calls.busy || this.#inTurn) return this.#call(name, run, options);
    return new Promise<Result>((resolve, reject) =>
      this.#calls.run(() => {
        this.#call(name, run, options).then(resolve, reject);
      }),
    );
  }

  /**
   * Runs a call of the module that loads on first use: at once when it has loaded and nothing
   * waits, else once it has, in call order with the calls around it (a call made after it
   * waits for it, whatever its module). A failed load (no network) rejects with 1007.
   */
  defer<M>(area: LazyArea<M>, use: (module: M) => Promise<Result>): Promise<Result> {
    if (area.value && !this.#calls.busy) return use(area.value);
    return new Promise<Result>((resolve, reject) => {
      this.#calls.run(async () => {
        let module: M;
        try {
          module = await area.load();
        } catch (error) {
          this.log(LOGLEVEL.WARN, 'loading failed', error);
          reject({ rescode: Code.ConnectionFailed, msg: 'ConnectionFailed' });
          return;
        }
        this.#inTurn = true;
        try {
          use(module).then(resolve, reject);
        } finally {
          this.#inTurn = false;
        }
      }, true);
    });
  }

  async #call(name: string, run: () => Promise<Record<string, unknown> | undefined> | Record<string, unknown> | undefined, options: CallOptions): Promise<Result> {
    this.log(LOGLEVEL.DEBUG, 'call', name);
    try {
      if (!options.ungated && !this.#loggedIn) throw new HummerError(Code.Unauthorized, 'Unauthorized: login first');
      const fields = (await run()) ?? {};
      return { rescode: 0, msg: 'OK', ...fields };
    } catch (error) {
      const failure = toFailure(error, options.codes);
      this.log(LOGLEVEL.LOG, name, 'failed', failure);
      throw failure;
    }
  }

  #setState(state: ConnectionStateValue, reason: ConnectionChangeReasonValue): void {
    if (this.#state === state && this.#reason === reason) return;
    this.#state = state;
    this.#reason = reason;
    this.events.emit('ConnectionStateChanged', { state, reason });
  }

  // ——— lifecycle ———

  async login(input: unknown): Promise<Result> {
    return this.call(
      'login',
      async () => {
        const p = (input ?? {}) as { region?: unknown; uid?: unknown; token?: unknown };
        if (typeof p.uid !== 'string' || p.uid === '') throw paramError('uid must be a non-empty string');
        if (p.token !== undefined && typeof p.token !== 'string') throw paramError('token must be a string');
        if (p.region !== undefined && typeof p.region !== 'string') throw paramError('region must be a string');
        if (this.#loggedIn) throw new HummerError(Code.ResourceAlreadyExist, 'already logged in');
        const client = this.#channel();
        this.#uid = p.uid;
        this.#region = p.region || 'cn';
        this.#setState(ConnectionState.CONNECTING, ConnectionChangeReason.LOGIN);
        this.#wire(client);
        let timer: ReturnType<typeof setTimeout> | undefined;
        try {
          await Promise.race([
            client.login({ credential: { hummerToken: { userId: p.uid, token: p.token ?? '' } } }),
            new Promise<never>((_, reject) => {
              timer = setTimeout(() => reject(new HummerError(Code.ConnectionTimeout, 'ConnectionTimeout')), LOGIN_TIMEOUT_MS);
            }),
          ]);
        } catch (error) {
          this.#teardown();
          void client.logout().catch(() => {});
          const timedOut = error instanceof HummerError && error.rescode === Code.ConnectionTimeout;
          this.#setState(ConnectionState.DISCONNECTED, timedOut ? ConnectionChangeReason.LOGIN_TIMEOUT : ConnectionChangeReason.LOGIN_FAILURE);
          throw error;
        } finally {
          clearTimeout(timer);
        }
        this.#loggedIn = true;
        this.#setState(ConnectionState.CONNECTED, ConnectionChangeReason.LOGIN_SUCCESS);
        return { appid: this.appid, uid: this.#uid };
      },
      { ungated: true },
    );
  }

  async logout(): Promise<Result> {
    return this.call('logout', async () => {
      const client = this.client;
      this.#end();
      this.#setState(ConnectionState.DISCONNECTED, ConnectionChangeReason.LOGOUT);
      await client.logout().catch(() => {});
      return {};
    });
  }

  async refreshToken(input: unknown): Promise<Result> {
    return this.call(
      'refreshToken',
      async () => {
        const token = (input as { token?: unknown } | undefined)?.token;
        if (typeof token !== 'string' || token === '') throw paramError('token must be a non-empty string');
        const client = this.#client;
        if (!client || (!this.#loggedIn && client.state !== 'kicked')) throw new HummerError(Code.Unauthorized, 'Unauthorized: login first');
        await client.refreshCredential({ hummerToken: { userId: this.#uid, token } });
        return {};
      },
      { ungated: true },
    );
  }

  #channel(): Client {
    if (this.#client) return this.#client;
    this.#client = shimClient({
      app: { hummerAppid: this.appid },
      shim: ShimKind.HUMMER,
      sdkVersion: VERSION,
      // The vendor SDK keeps nothing between page loads: what it shows comes from the server.
      storage: memoryStorage(),
      clientInfo: { instanceId: instanceId() },
    });
    return this.#client;
  }

  #wire(client: Client): void {
    this.#unwire.push(
      client.on('state', (state: CoreState, previous: CoreState) => {
        if (!this.#loggedIn) return;
        if (state === 'reconnecting') this.#setState(ConnectionState.RECONNECTING, ConnectionChangeReason.INTERRUPTED);
        else if (state === 'ready' && previous !== 'ready') this.#setState(ConnectionState.CONNECTED, ConnectionChangeReason.LOGIN_SUCCESS);
        else if (state === 'idle' || state === 'closed') {
          // The core gave up (a refused re-login): the session is over.
          this.#end();
          this.#setState(ConnectionState.DISCONNECTED, ConnectionChangeReason.LOGIN_FAILURE);
        }
      }),
      client.on('kicked', (reason: number) => this.#kicked(reason)),
      client.on('credentialRequired', (why) => this.events.emit(why === 'expiring' ? 'TokenWillExpire' : 'TokenExpired')),
    );
    for (const wiring of this.wirings) this.#unwire.push(wiring(this, client));
  }

  #kicked(reason: number): void {
    if (reason === KickReason.CREDENTIAL_EXPIRED) {
      // The session waits for refreshToken (TokenExpired was emitted by credentialRequired).
      this.#setState(ConnectionState.RECONNECTING, ConnectionChangeReason.INTERRUPTED);
      return;
    }
    if (!this.#loggedIn) return;
    const code = reason === KickReason.TERMINAL_TYPE_LIMIT ? ForceoutCode.TERMINAL_LIMIT : reason === KickReason.DEVICE_LIMIT ? ForceoutCode.DEVICE_LIMIT : ForceoutCode.REMOTE_LOGIN;
    const text = FORCEOUT_TEXT[code] ?? '';
    this.#end();
    this.events.emit('ForceoutOffline', { code, reason: text, resaon: text });
    this.#setState(ConnectionState.DISCONNECTED, ConnectionChangeReason.REMOTE_LOGIN);
  }

  /** The session is over: rooms and channels let go, nothing reconnects. */
  #end(): void {
    this.#loggedIn = false;
    this.#teardown();
    for (const fn of [...this.#onEnd]) fn();
  }

  #teardown(): void {
    for (const unwire of this.#unwire.splice(0)) unwire();
  }
}
