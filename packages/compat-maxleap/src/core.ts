import { type Client, ClientCode, type ConnectionState, type Credential, isParleyError } from '@parley/core';
import { instanceId, ShimKind, shimClient } from '@parley/shim-kit';
import { memoryStorage } from '@parley/storage-memory';
import { codeOf, errText, MlCode } from './errors.js';
import { md5Hex } from './md5.js';

/** `ML.im.version`: the value the 3.0.17 build reports (maxleap.md §2.1). */
export const VERSION = '0.1.0';

/** The factory's options (maxleap.md §1.2). */
export interface MlOptions {
  appId: string;
  clientId?: string;
  userId?: string;
  username?: string;
  password?: string;
  phone?: string;
  oauth?: object;
  passenger?: { id?: string } & Record<string, unknown>;
  installId?: string;
  region?: string;
}

/** The login callback's argument. */
export interface LoginResult {
  id?: string;
  success: boolean;
  error?: number;
}

/** Node-style callback of every REST helper: `(err, data)`; `err` is the error text. */
export type NodeCallback<T = unknown> = (err: string | null, data?: T) => void;

/** The five listener kinds (§3). */
export type ListenerKind = 'message' | 'online' | 'offline' | 'sys' | 'yourself';

/** A translator of pushes into listener calls: subscribes to the client, returns the unsubscribe. Installed before login. */
export type Wiring = (core: MlCore, client: Client) => () => void;

/** Options of {@link MlCore.rest}. */
export interface RestOptions {
  /** Canonical code → this method's MaxLeap code. */
  codes?: Partial<Record<number, number>>;
}

const REGIONS = new Set(['cn', 'us']);

/**
 * The state behind one `ML.im(...)` instance: its connection (a core client signed once with the
 * app key, as the vendor SDK signs once), the login of its mode, the listeners, and the
 * Node-style callback framing of every REST helper. Instances share nothing (§6.1 item 10).
 */
export class MlCore {
  readonly client: Client;
  readonly options: MlOptions;
  readonly listeners: Record<ListenerKind, Array<(data: unknown) => void>> = { message: [], online: [], offline: [], sys: [], yourself: [] };
  #userId = '';
  #loggedIn = false;

  /** @throws {Error} the vendor's messages for missing options or an unknown region. */
  constructor(options: unknown, wirings: readonly Wiring[]) {
    if (options === null || typeof options !== 'object') throw new Error('realtime need a argument at least.');
    const o = options as MlOptions;
    if (!o.appId) throw new Error('Options must have appId.');
    const region = o.region ?? 'cn';
    if (!REGIONS.has(region)) throw new Error('There is no this region.');
    this.options = o;
    const now = Date.now();
    // Signed once per instance, like the vendor SDK; the server accepts old signatures (§6.2 item 7).
    const sign = `${md5Hex(`${now}${o.clientId ?? ''}`)},${now}`;
    this.client = shimClient({
      app: { maxleapAppId: String(o.appId) },
      shim: ShimKind.MAXLEAP,
      sdkVersion: '3.0.17',
      storage: memoryStorage(),
      appProof: { maxleapSign: sign },
      // The install id is also the device id: the server lists a user's installations from it (`userInfo.installs`).
      clientInfo: { instanceId: instanceId(), region, ...(o.installId ? { installId: String(o.installId), deviceId: String(o.installId) } : {}) },
    });
    for (const wiring of wirings) wiring(this, this.client);
  }

  /** The logged-in id (`userId`, the account's id, or the passenger id); '' before login. */
  get userId(): string {
    return this.#userId;
  }

  get loggedIn(): boolean {
    return this.#loggedIn;
  }

  /** The credential of the options' login mode (§1.2); no identity logs in as the app itself. */
  credential(): Credential {
    const o = this.options;
    if (o.userId) return { maxleapUser: { userId: String(o.userId) } };
    if (o.username) return { password: { username: String(o.username), password: String(o.password ?? '') } };
    if (o.phone) return { password: { phone: String(o.phone), password: String(o.password ?? '') } };
    if (o.oauth) return { maxleapUser: { oauthJson: JSON.stringify(o.oauth) } };
    if (o.passenger) return { maxleapUser: { passenger: { id: String(o.passenger.id ?? '') } } };
    return { maxleapUser: {} };
  }

  /**
   * Connects and logs in (`ML.im()` does it at once). `callback({id, success, error?})` runs after
   * the login, and again after every reconnect, as the vendor's socket `login` event does.
   */
  start(callback: ((data: LoginResult) => void) | undefined): void {
    const report = (data: LoginResult) => {
      if (typeof callback === 'function') callback(data);
    };
    this.client.on('state', (state: ConnectionState, previous: ConnectionState) => {
      if (state === 'ready' && previous !== 'ready' && this.#loggedIn) report({ id: this.#userId, success: true });
    });
    this.client.login({ credential: this.credential() }).then(
      (session) => {
        this.#userId = session.userId;
        this.#loggedIn = true;
        report({ id: session.userId, success: true });
      },
      (error: unknown) => {
        report({ success: false, error: isParleyError(error) && error.code === ClientCode.INVALID_PARAM ? MlCode.INVALID_PARAM : MlCode.PERMISSION });
      },
    );
  }

  /** Calls the app's listeners of one kind; one that throws does not stop the others. */
  emit(kind: ListenerKind, data: unknown): void {
    for (const fn of this.listeners[kind]) {
      try {
        fn(data);
      } catch (error) {
        setTimeout(() => {
          throw error;
        }, 0);
      }
    }
  }

  /**
   * Runs one REST helper: `callback(null, data)` (`{}` for an empty answer) or
   * `callback(errText)`, always after the call has returned. A missing callback is fine.
   */
  rest<T>(callback: unknown, run: () => Promise<T> | T, options: RestOptions = {}): void {
    const cb = typeof callback === 'function' ? (callback as NodeCallback<T | Record<string, never>>) : undefined;
    void (async () => {
      try {
        const data = await run();
        cb?.(null, data === undefined ? {} : data);
      } catch (error) {
        cb?.(errText(error, options.codes));
      }
    })();
  }

  /** The MaxLeap code of an error (for callers that report codes, not texts). */
  codeOf(error: unknown): number {
    return codeOf(error);
  }
}
