import { absoluteMediaUrl, type Client, type ConnectionState, KickReason, type Message } from '@parley/core/client';
import { Coalescer, ShimKind, shimClient } from '@parley/shim-kit';
import { createNanoEvents } from 'nanoevents';
import { EVENT, TYPES } from './constants.js';
import { applyMessage, type TimMessage } from './convert/message.js';
import { TimCode, TimError, toTimError } from './errors.js';
import { type Logger, logger } from './log.js';

/** tim-js-sdk's version this package reproduces (`TIM.VERSION`). */
export const VERSION = '2.27.6';

/** `TIM.create` options (tim.md §1.2). */
export interface CreateOptions {
  SDKAppID: number;
  oversea?: boolean;
  /** Lets the instance be in several AVChatRooms at once. @default false */
  unlimitedAVChatRoom?: boolean;
  [key: string]: unknown;
}

/** The events coalesced to one emission per second, each carrying the whole current state. */
export type ListEvent = 'conversations' | 'unread' | 'groups' | 'friends';

/** A translator of one vendor area: given the live client, it subscribes and returns the unsubscribe. */
export type Wiring = (tim: TimCore, client: Client) => () => void;

/** The calls tim-js-sdk allows before SDK_READY (tim.md §1.6). */
const UNGATED = new Set(['login', 'logout', 'destroy', 'on', 'off', 'once', 'setLogLevel', 'joinGroup', 'quitGroup', 'registerPlugin', 'getGroupOnlineMemberCount']);

const KICK_TYPE: Record<number, { type: unknown; reason: number }> = {
  [KickReason.REPLACED_OTHER_PLATFORM]: { type: TYPES.KICKED_OUT_MULT_DEVICE, reason: TimCode.KICKED_OUT_MULT_DEVICE },
  [KickReason.CREDENTIAL_EXPIRED]: { type: TYPES.KICKED_OUT_USERSIG_EXPIRED, reason: TimCode.KICKED_OUT_USERSIG_EXPIRED },
  [KickReason.ADMIN_KICK]: { type: TYPES.KICKED_OUT_REST_API, reason: TimCode.KICKED_OUT_REST_API },
  [KickReason.ACCOUNT_DISABLED]: { type: TYPES.KICKED_OUT_REST_API, reason: TimCode.KICKED_OUT_REST_API },
  [KickReason.ACCOUNT_DELETED]: { type: TYPES.KICKED_OUT_REST_API, reason: TimCode.KICKED_OUT_REST_API },
  [KickReason.PASSWORD_CHANGED]: { type: TYPES.KICKED_OUT_REST_API, reason: TimCode.KICKED_OUT_REST_API },
};
const MULTI_ACCOUNT = { type: TYPES.KICKED_OUT_MULT_ACCOUNT, reason: TimCode.KICKED_OUT_MULT_ACCOUNT };

const NOT_READY_TEXT: Record<number, string> = {
  [TimCode.USER_NOT_LOGGED_IN]: 'not logged in',
  [TimCode.LOGGING_IN]: 'logging in',
  [TimCode.LOGIN_FAILED]: 'login failed',
  [TimCode.KICKED_OUT_MULT_DEVICE]: 'kicked out (multiple devices)',
  [TimCode.KICKED_OUT_MULT_ACCOUNT]: 'kicked out (multiple accounts)',
  [TimCode.KICKED_OUT_USERSIG_EXPIRED]: 'kicked out (UserSig expired)',
  [TimCode.LOGGED_OUT]: 'logged out',
  [TimCode.KICKED_OUT_REST_API]: 'kicked out (REST API)',
};

type Handler = (event: { name: string; data?: unknown }) => void;
interface Listener {
  handler: Handler;
  context: unknown;
  once: boolean;
  off: () => void;
}

/**
 * The state behind one `ChatSDK`: the core client of the signed-in user, readiness, listeners,
 * the message instances handed out, and the event translation every area plugs into.
 */
export class TimCore {
  readonly options: CreateOptions;
  readonly log: Logger = logger();
  readonly #bus = createNanoEvents<Record<string, (event: { name: string; data?: unknown }) => void>>();
  readonly #listeners = new Map<string, Listener[]>();
  #client: Client | undefined;
  #unwire: Array<() => void> = [];
  #userId = '';
  #ready = false;
  #notReady: number = TimCode.USER_NOT_LOGGED_IN;
  #loginPending: Promise<unknown> | undefined;
  #netState: unknown = '';
  /** TIM message instances by ID, so an app's objects are updated in place. */
  readonly messages = new Map<string, TimMessage>();
  /** AVChatRooms this instance is in (their ids are rooms in the core). */
  readonly rooms = new Set<string>();
  /** Group types by group id, for `conversationSubType` and the group rules. */
  readonly groupTypes = new Map<string, string>();
  /** The registered plugins (accepted, none needed: the server takes uploads). */
  readonly plugins: Record<string, unknown> = {};
  readonly #listBuilders = new Map<ListEvent, () => [string, unknown] | undefined>();
  readonly #coalescer = new Coalescer(1000, (key) => {
    const built = this.#listBuilders.get(key as ListEvent)?.();
    if (built) this.emit(built[0], built[1]);
  });

  constructor(
    options: CreateOptions,
    private readonly wirings: readonly Wiring[],
  ) {
    this.options = options;
  }

  get userId(): string {
    return this.#userId;
  }

  get ready(): boolean {
    return this.#ready;
  }

  /** The signed-in user's client. @throws {TimError} 2024 when nobody is logged in. */
  get client(): Client {
    if (!this.#client) throw new TimError({ code: TimCode.USER_NOT_LOGGED_IN });
    return this.#client;
  }

  get hasClient(): boolean {
    return this.#client !== undefined;
  }

  // ——— events ———

  on(name: string, handler: Handler, context?: unknown, once = false): void {
    if (typeof handler !== 'function') return;
    const listener: Listener = {
      handler,
      context,
      once,
      off: this.#bus.on(name, (event) => {
        if (listener.once) this.off(name, handler, context);
        try {
          handler.call(context, event);
        } catch (error) {
          // A throwing handler never reaches the SDK (tim.md §1.3).
          this.log.error(`handler of ${name} threw`, error);
        }
      }),
    };
    const list = this.#listeners.get(name) ?? [];
    list.push(listener);
    this.#listeners.set(name, list);
  }

  off(name: string, handler: Handler, context?: unknown): void {
    const list = this.#listeners.get(name) ?? [];
    const index = list.findIndex((l) => l.handler === handler && (context === undefined || l.context === context));
    if (index < 0) return;
    list[index]?.off();
    list.splice(index, 1);
  }

  /** Emits a vendor event: handlers get `{ name, data }`. */
  emit(name: string, data?: unknown): void {
    this.#bus.emit(name, data === undefined ? { name } : { name, data });
  }

  /** Registers how a coalesced list event is built (the event name and its full-state data). */
  defineList(key: ListEvent, build: () => [string, unknown] | undefined): void {
    this.#listBuilders.set(key, build);
  }

  /** Asks for a coalesced list event (at most one per second, trailing). */
  listChanged(key: ListEvent): void {
    if (this.#ready) this.#coalescer.request(key);
  }

  // ——— calls ———

  /** Rejects when the SDK is not ready and the call is gated, as tim-js-sdk does (and emits ERROR). */
  gate(api: string): TimError | undefined {
    if (this.#ready || UNGATED.has(api)) return undefined;
    const error = new TimError({ code: this.#notReady, message: `${NOT_READY_TEXT[this.#notReady] ?? 'not ready'} | ${api} | SDK not ready` });
    this.emit(EVENT.ERROR, { code: error.code, message: error.message });
    return error;
  }

  /** Runs an async API: gated, resolving `{ code: 0, data }`, rejecting a {@link TimError}. */
  call<T>(api: string, run: () => T | Promise<T>, errorContext?: (error: unknown) => Parameters<typeof toTimError>[1]): Promise<{ code: 0; data: T }> {
    const refused = this.gate(api);
    if (refused) return Promise.reject(refused);
    try {
      return Promise.resolve(run()).then(
        (data) => ({ code: 0 as const, data: (data ?? {}) as T }),
        (error: unknown) => Promise.reject(toTimError(error, errorContext?.(error))),
      );
    } catch (error) {
      // Parameter checks throw synchronously, as the vendor's facade does.
      if (error instanceof TimError) return Promise.reject(error);
      throw error;
    }
  }

  /** Runs a synchronous API: gated (a rejected promise when not ready), else its plain result. */
  callSync<T>(api: string, run: () => T): T {
    const refused = this.gate(api);
    if (refused) return Promise.reject(refused) as unknown as T;
    return run();
  }

  // ——— messages ———

  /** The TIM message for a core message (the same instance every time), or undefined for control entries. */
  timMessage(message: Message): TimMessage | undefined {
    const id = message.clientMsgId || message.serverMsgId;
    const existing = this.messages.get(id);
    const m = applyMessage(message, { userId: this.#userId, urlOf: (u) => this.urlOf(u), groupType: (g) => this.groupTypes.get(g) }, existing);
    if (m && !existing) this.messages.set(m.ID, m);
    return m;
  }

  urlOf(url: string): string {
    return this.#client && url ? absoluteMediaUrl(this.#client, url) : url;
  }

  // ——— lifecycle ———

  async login(userID: string, userSig: string): Promise<Record<string, unknown>> {
    if (this.#client && this.#userId === userID && (this.#ready || this.#loginPending)) {
      await this.#loginPending;
      return { actionStatus: 'OK', errorCode: 0, errorInfo: `${userID} is already logged in on this instance`, repeatLogin: true };
    }
    if (this.#loginPending) throw new TimError({ code: TimCode.REPEAT_LOGIN });
    if (this.#client) await this.logout(false);
    this.#notReady = TimCode.LOGGING_IN;
    const client = shimClient({ app: { sdkAppId: this.options.SDKAppID }, shim: ShimKind.TIM, sdkVersion: VERSION });
    this.#client = client;
    this.#userId = userID;
    this.#wire(client);
    const pending = client.login({ credential: { timUsersig: { userId: userID, userSig } } });
    this.#loginPending = pending;
    try {
      await pending;
    } catch (error) {
      this.#teardown();
      this.#notReady = TimCode.LOGIN_FAILED;
      throw toTimError(error);
    } finally {
      this.#loginPending = undefined;
    }
    // Ready follows the login's resolution, as in tim-js-sdk (SDK_READY comes after `await login()`).
    setTimeout(() => {
      if (this.#client !== client || client.state !== 'ready') return;
      this.#ready = true;
      this.#setNetState(TYPES.NET_STATE_CONNECTED);
      this.emit(EVENT.SDK_READY);
    }, 0);
    return { actionStatus: 'OK', errorCode: 0, errorInfo: '', repeatLogin: false };
  }

  /** Logs out: clears the session and everything in memory, then emits SDK_NOT_READY. */
  async logout(emit = true, reason: number = TimCode.LOGGED_OUT): Promise<void> {
    const client = this.#client;
    this.#teardown();
    this.#notReady = reason;
    if (client) {
      await client.logout().catch(() => {});
      await client.close().catch(() => {});
    }
    if (emit) this.emit(EVENT.SDK_NOT_READY);
  }

  #teardown(): void {
    for (const unwire of this.#unwire.splice(0)) unwire();
    this.#coalescer.cancel();
    this.#client = undefined;
    this.#ready = false;
    this.#netState = '';
    this.messages.clear();
    this.rooms.clear();
    this.groupTypes.clear();
  }

  #setNetState(state: unknown): void {
    if (state === this.#netState) return;
    this.#netState = state;
    this.emit(EVENT.NET_STATE_CHANGE, { state });
  }

  #wire(client: Client): void {
    this.#unwire.push(
      client.on('state', (state: ConnectionState) => {
        if (!this.#ready) return;
        if (state === 'ready') this.#setNetState(TYPES.NET_STATE_CONNECTED);
        else if (state === 'reconnecting' || state === 'connecting' || state === 'authenticating' || state === 'syncing') {
          this.#setNetState(client.options.env.online() ? TYPES.NET_STATE_CONNECTING : TYPES.NET_STATE_DISCONNECTED);
        }
      }),
      client.on('kicked', (reason: number) => {
        const kick = KICK_TYPE[reason] ?? MULTI_ACCOUNT;
        void this.#kicked(kick.type, kick.reason);
      }),
      client.on('credentialRequired', (reason) => {
        if (reason === 'expired') void this.#kicked(TYPES.KICKED_OUT_USERSIG_EXPIRED, TimCode.KICKED_OUT_USERSIG_EXPIRED);
      }),
    );
    for (const wiring of this.wirings) this.#unwire.push(wiring(this, client));
  }

  async #kicked(type: unknown, reason: number): Promise<void> {
    if (!this.#client) return;
    // tim-js-sdk logs out internally first, then emits KICKED_OUT, then SDK_NOT_READY.
    await this.logout(false, reason);
    this.emit(EVENT.KICKED_OUT, { type });
    this.emit(EVENT.SDK_NOT_READY);
  }
}
