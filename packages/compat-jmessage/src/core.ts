import { type Client, type ConnectionState, KickReason, type RequestOptions, TimeoutError, TransportError } from '@parley/core';
import { instanceId, ShimKind, shimClient, shimConfig } from '@parley/shim-kit';
import { memoryStorage } from '@parley/storage-memory';
import { JM_ERRORS, JmCode, JmError, type JmErrorCode, toJmError } from './errors.js';
import { EventType } from './event-type.js';
import { JmHandle } from './handle.js';
import { CallQueue, type LazyArea } from './lazy.js';
import { bool, num, optNum, type Params, params, str } from './params.js';
import { RETRIES, RetriesExhausted, requestWithRetries } from './retries.js';

/** The JMessage Web SDK version this package reproduces (the seed describes 2.2.x–2.3.x). */
export const VERSION = '2.2.1';

/** How long one attempt waits for its answer unless `configure({requestTimeoutMs})` says otherwise. */
const ATTEMPT_MS = 6000;

/** The four listener kinds. */
export type ListenerKind = 'disconnect' | 'msg' | 'sync' | 'event';
type Listener = (data?: unknown) => unknown;

/** A translator of one vendor area: subscribes to the live client, returns the unsubscribe. Installed before login, so sync-time events are seen. */
export type Wiring = (core: JmCore, client: Client) => () => void;

/** What a method body may return: fields merged into `{code: 0, message: 'success', …}`, and `msg` for `onSuccess`'s second argument. */
export interface Reply {
  data?: Record<string, unknown>;
  msg?: unknown;
}

/** A method body's context. */
export interface RunContext {
  handle: JmHandle;
  /**
   * A request with the SDK's retries: every attempt that gets no answer in time is sent again
   * (up to {@link RETRIES} more times) with the same idempotency key, so the server does it once.
   */
  request: Client['request'];
}

/** Options of {@link JmCore.run}. */
export interface RunSpec {
  /** Callable without a logged-in session (`init`, `register`, `login`). */
  anonymous?: boolean;
  /** Canonical code → this method's documented code. */
  codes?: Partial<Record<number, JmErrorCode>>;
}

/** The init payload as verified (jmessage.md §1.2). */
interface InitPayload {
  appkey: string;
  timestamp: number;
  randomStr: string;
  signature: string;
}

/**
 * The state behind one `JMessage` instance: its channel (a core client), the init proof, the
 * logged-in user, the listeners, and the request runner that gives every method its callback
 * chain, retries and vendor error codes. Instances share nothing (jmessage.md §1.5).
 */
export class JmCore {
  readonly listeners: Record<ListenerKind, Listener[]> = { disconnect: [], msg: [], sync: [], event: [] };
  #client: Client | undefined;
  #init: InitPayload | undefined;
  #ticket = '';
  #flag = 0;
  #username = '';
  #status: 'out' | 'logging' | 'in' = 'out';
  #unwire: Array<() => void> = [];
  #eventId = 0;
  #loggingOut: Promise<void> = Promise.resolve();
  #afterLogin: Array<() => void> = [];
  #afterLoginDone = false;
  /** Calls in call order while one waits for its area to load. */
  readonly #calls = new CallQueue();
  /** The handle a deferred call returned already, for the `run` its area method makes (see {@link defer}). */
  #adopted: JmHandle | undefined;

  constructor(
    readonly debug: boolean,
    private readonly wirings: readonly Wiring[],
  ) {}

  /** The logged-in username ('' when logged out). */
  get username(): string {
    return this.#status === 'in' ? this.#username : '';
  }

  /** The appkey `init` was given ('' before). */
  get appkey(): string {
    return this.#init?.appkey ?? '';
  }

  /** `init` `flag=1`: roaming history at login. */
  get roaming(): boolean {
    return this.#flag === 1;
  }

  get loggedIn(): boolean {
    return this.#status === 'in';
  }

  /** The logged-in user's client. @throws {JmError} 882004 when nobody is logged in. */
  get client(): Client {
    if (!this.#client || this.#status !== 'in') throw new JmError(JmCode.AUTH_FAIL);
    return this.#client;
  }

  /** How long one attempt waits. */
  get attemptMs(): number {
    return shimConfig().requestTimeoutMs ?? ATTEMPT_MS;
  }

  // ——— listeners ———

  listen(kind: ListenerKind, fn: unknown): void {
    if (typeof fn === 'function') this.listeners[kind].push(fn as Listener);
  }

  /** Calls the app's listeners of one kind; a throwing listener does not stop the others (its error is rethrown later). */
  emit(kind: ListenerKind, data?: unknown): void {
    this.log('listener', kind, data);
    for (const fn of this.listeners[kind]) {
      try {
        if (kind === 'disconnect') fn();
        else fn(data);
      } catch (error) {
        setTimeout(() => {
          throw error;
        }, 0);
      }
    }
  }

  /** Sends an `onEventNotification` event with a fresh `event_id` and both time fields. */
  event(eventType: number, fields: Record<string, unknown> = {}, time = Date.now()): void {
    this.emit('event', { event_id: ++this.#eventId, event_type: eventType, from_username: '', from_appkey: '', gid: 0, to_usernames: [], description: '', extra: 0, return_code: 0, ctime: Math.floor(time / 1000), ctime_ms: time, ...fields });
  }

  log(...args: unknown[]): void {
    if (this.debug) console.log('[JMessage]', ...args);
  }

  // ——— the request runner ———

  /**
   * Runs one method: returns its handle at once, and settles it later with the body's reply,
   * the vendor error, or a timeout after the retries.
   */
  run(name: string, input: unknown, body: (p: Params, ctx: RunContext) => Promise<Reply | undefined>, spec: RunSpec = {}): JmHandle {
    const adopted = this.#adopted;
    this.#adopted = undefined;
    const handle = adopted ?? new JmHandle();
    const ctx: RunContext = {
      handle,
      request: ((op: never, payload: never, options?: RequestOptions) => requestWithRetries(this, handle, op, payload, options)) as Client['request'],
    };
    const start = async () => {
      this.log('call', name, input);
      try {
        const p = params(input);
        if (!spec.anonymous && this.#status !== 'in') throw new JmError(JmCode.AUTH_FAIL);
        const reply = (await body(p, ctx)) ?? {};
        const data = { code: 0, message: 'success', ...reply.data };
        this.log('success', name, data);
        handle.succeed(data, reply.msg);
      } catch (error) {
        // No answer (after the retries), or no server to ask: a timeout, not a failure.
        if (error instanceof RetriesExhausted || error instanceof TimeoutError || error instanceof TransportError) {
          this.log('timeout', name);
          handle.timeout({ code: JmCode.SERVER_TIMEOUT, message: JM_ERRORS[JmCode.SERVER_TIMEOUT], response_timeout: error instanceof TransportError ? false : error.acked });
          return;
        }
        const failure = toJmError(error, spec.codes).failure;
        this.log('fail', name, failure, error);
        handle.fail(failure);
      }
    };
    // A deferred call is already in its turn; any other waits behind calls whose area is loading.
    if (adopted) void start();
    else this.#calls.run(() => void start());
    return handle;
  }

  /**
   * Runs a method of an area that loads on first use: returns its handle at once; the call
   * starts when the area has loaded, in call order with the calls around it (a call made after
   * it waits for it, whatever its area). A failed load (no network) settles with `onTimeout`.
   */
  defer<M>(area: LazyArea<M>, call: (module: M) => JmHandle): JmHandle {
    if (area.value && !this.#calls.busy) return call(area.value);
    const handle = new JmHandle();
    this.#calls.run(async () => {
      let module: M;
      try {
        module = await area.load();
      } catch (error) {
        this.log('timeout', 'loading', error);
        handle.timeout({ code: JmCode.SERVER_TIMEOUT, message: JM_ERRORS[JmCode.SERVER_TIMEOUT], response_timeout: false });
        return;
      }
      this.#adopted = handle;
      try {
        call(module);
      } finally {
        this.#adopted = undefined;
      }
    }, true);
    return handle;
  }

  // ——— lifecycle ———

  #channel(appkey: string): Client {
    if (this.#client) return this.#client;
    const client = shimClient({
      app: { appkey },
      shim: ShimKind.JMESSAGE,
      sdkVersion: VERSION,
      // The SDK keeps nothing between page loads: offline and roaming batches come from the server.
      storage: memoryStorage(),
      clientInfo: { instanceId: instanceId() },
      appProof: () => {
        if (this.#ticket) return { ticket: this.#ticket };
        const init = this.#init;
        return init ? { jmessage: { timestamp: init.timestamp, randomStr: init.randomStr, signature: init.signature } } : {};
      },
    });
    this.#client = client;
    return client;
  }

  /** `init(auth_payload)`: checks the signature with the server (once); later connections use the server's ticket. */
  init(input: unknown): JmHandle {
    return this.run(
      'init',
      input,
      async (p) => {
        const payload: InitPayload = { appkey: str(p, 'appkey'), timestamp: num(p, 'timestamp'), randomStr: str(p, 'random_str'), signature: str(p, 'signature') };
        const flag = optNum(p, 'flag') ?? 0;
        if (flag !== 0 && flag !== 1) throw new JmError(JmCode.INVALID_PARAM);
        if (this.#client && this.#client.options.app.appkey !== payload.appkey) {
          if (this.#status !== 'out') throw new JmError(JmCode.ALREADY_LOGGED_IN);
          this.#client.close();
          this.#client = undefined;
        }
        const client = this.#channel(payload.appkey);
        const previous = { init: this.#init, ticket: this.#ticket };
        this.#init = payload;
        this.#ticket = '';
        try {
          this.#ticket = await client.beforeLogin(async (_request, hello) => hello.proofTicket);
        } catch (error) {
          this.#init = previous.init;
          this.#ticket = previous.ticket;
          throw error;
        }
        this.#flag = flag;
        return {};
      },
      { anonymous: true },
    );
  }

  /** `register({username, password, is_md5})`: creates the account; it does not log in. */
  register(input: unknown): JmHandle {
    return this.run(
      'register',
      input,
      async (p) => {
        const username = str(p, 'username');
        const password = str(p, 'password');
        const isMd5 = bool(p, 'is_md5');
        if (this.#status !== 'out') throw new JmError(JmCode.LOGOUT_BEFORE_REGISTER);
        const client = this.#initialised();
        await client.beforeLogin((request) => request('accountRegister', { username, password, isMd5 }));
        return {};
      },
      { anonymous: true, codes: { 2005: JmCode.SERVER_GENERIC, 2001: JmCode.INVALID_PARAM } },
    );
  }

  /** `login({username, password, is_md5})`. */
  login(input: unknown): JmHandle {
    return this.run(
      'login',
      input,
      async (p) => {
        const username = str(p, 'username');
        const password = str(p, 'password');
        const isMd5 = bool(p, 'is_md5');
        if (this.#status === 'in') throw new JmError(JmCode.ALREADY_LOGGED_IN);
        if (this.#status === 'logging') throw new JmError(JmCode.REPETITIVE_OPERATION);
        const client = this.#initialised();
        this.#status = 'logging';
        this.#username = username;
        await this.#loggingOut;
        this.#wire(client);
        try {
          const session = await this.#withDeadline(client, client.login({ credential: { password: { username, password, isMd5 } } }));
          this.#username = session.userId;
        } catch (error) {
          this.#teardown();
          this.#status = 'out';
          throw error;
        }
        this.#status = 'in';
        // Two ticks: after the login's own onSuccess callbacks, which is where apps register listeners.
        setTimeout(() => setTimeout(() => this.#flushAfterLogin(), 0), 0);
        return { data: { username: this.#username } };
      },
      { anonymous: true },
    );
  }

  /**
   * Runs `fn` once the login's `onSuccess` callbacks have run (at once if they have): the login
   * sync's batch (`onSyncConversation`) reaches listeners registered inside the login callback,
   * as vendor apps register them.
   */
  afterLogin(fn: () => void): void {
    this.#afterLogin.push(fn);
    if (this.#status === 'in' && this.#afterLoginDone) this.#flushAfterLogin();
  }

  #flushAfterLogin(): void {
    if (this.#status !== 'in') return;
    this.#afterLoginDone = true;
    for (const fn of this.#afterLogin.splice(0)) fn();
  }

  /** `loginOut()`: synchronous, no callbacks; the session ends and nothing reconnects. */
  loginOut(): void {
    const client = this.#client;
    if (this.#status === 'out' || !client) return;
    this.#teardown();
    this.#status = 'out';
    // A login right after must wait for the old session to end (the core takes one at a time).
    this.#loggingOut = client.logout().catch(() => {});
  }

  #initialised(): Client {
    if (!this.#client || !this.#init) throw new JmError(JmCode.AUTH_FAIL);
    return this.#client;
  }

  /** A login that neither succeeds nor fails within the retries' time is given up as a timeout. */
  #withDeadline<T>(client: Client, work: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        void client.logout().catch(() => {});
        reject(new RetriesExhausted(false));
      }, this.attemptMs * (RETRIES + 1));
      work.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  }

  #wire(client: Client): void {
    this.#unwire.push(
      client.on('kicked', (reason: number) => this.#lost(reason === KickReason.PASSWORD_CHANGED ? EventType.PASSWORD_CHANGED : EventType.LOGIN_ELSEWHERE, reason)),
      client.on('state', (state: ConnectionState) => {
        // The core gave up (a refused re-login): the session is gone for good.
        if ((state === 'idle' || state === 'closed') && this.#status === 'in') this.#lost(0, 0);
      }),
    );
    for (const wiring of this.wirings) this.#unwire.push(wiring(this, client));
  }

  /** The session ended on the server's side: event 1 or 2 for a kick, then `onDisconnect`. */
  #lost(eventType: number, reason: number): void {
    if (this.#status !== 'in') return;
    this.#teardown();
    this.#status = 'out';
    if (eventType) this.event(eventType, reason === KickReason.ACCOUNT_DISABLED ? { extra: 1 } : reason === KickReason.ACCOUNT_DELETED ? { extra: 2 } : {});
    this.emit('disconnect');
  }

  #teardown(): void {
    for (const unwire of this.#unwire.splice(0)) unwire();
    this.#afterLogin = [];
    this.#afterLoginDone = false;
  }
}
