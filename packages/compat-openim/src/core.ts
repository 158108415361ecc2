import { type Client, type ConnectionState, KickReason } from '@parley/core';
import { ShimKind, shimClient } from '@parley/shim-kit';
import { CbEvents, RequestFunc } from './constants.js';
import type { Dialect, Kind } from './dialect.js';
import type Emitter from './emitter.js';
import type { Frame } from './emitter.js';
import { OpenImCode, OpenImError, paramError, toOpenImError } from './errors.js';
import { appIdOfToken, uuid } from './ids.js';
import { CallOrder } from './order.js';

/** The open-im-sdk version this package reproduces. */
export const VERSION = '2.0.3';

/** `getLoginStatus` values (openim.md §1.5). */
export const LoginStatus = { INIT: 0, LOGGED_IN: 101, LOGGING_IN: 102, LOGIN_FAILED: 103, LOGGED_OUT: 201 } as const;

/** `login(config)` (openim.md §1.2). */
export interface LoginConfig {
  userID: string;
  token: string;
  /** The server address; any ws(s) or http(s) URL of the Parley server. */
  url: string;
  platformID: number;
  operationID?: string;
}

/** A translator of one vendor area: given the live client, it subscribes and returns the unsubscribe. */
export type Wiring = (core: OpenImCore, client: Client) => () => void;

/** Options of {@link OpenImCore.call}. */
export interface CallOptions {
  /** Delivery failures become 302 (the message is marked failed) instead of 804. */
  send?: boolean;
  /** Callable while logged out (`getLoginStatus`, `getLoginUser`, the local creators). */
  ungated?: boolean;
}

/**
 * The state behind one SDK object: the signed-in user's core client, the login status, the
 * listeners, and the WsResponse framing of every result and event.
 */
export class OpenImCore {
  #client: Client | undefined;
  #unwire: Array<() => void> = [];
  #userId = '';
  #platformID = 5;
  #status: number = LoginStatus.INIT;
  /** The order the app's calls start in, kept while parts of the package load on first use. */
  readonly order = new CallOrder();

  constructor(
    /** The object the app registered its listeners on. */
    readonly emitter: Emitter,
    readonly dialect: Dialect,
    private readonly wirings: readonly Wiring[],
  ) {}

  get userId(): string {
    return this.#userId;
  }

  get platformID(): number {
    return this.#platformID;
  }

  get status(): number {
    return this.#status;
  }

  /** The signed-in user's client. @throws {OpenImError} 1003 when nobody is logged in. */
  get client(): Client {
    if (!this.#client || this.#status !== LoginStatus.LOGGED_IN) throw new OpenImError(OpenImCode.NO_LOGIN, 'No Login, first Login');
    return this.#client;
  }

  // ——— framing ———

  frame(event: string, operationID: string, data: unknown, kind: Kind = 'raw'): Frame {
    return { event, errCode: 0, errMsg: '', data: this.dialect.out(kind, data), operationID };
  }

  /**
   * Emits a callback event with the vendor's framing. Message-listener events carry operationID
   * "0", the others "" (openim.md §1.4).
   */
  emit(event: string, data: unknown, kind: Kind = 'raw', operationID = ''): void {
    this.emitter.emit(event, this.frame(event, operationID, data, kind));
  }

  /** Emits a failure event (`OnConnectFailed`): the reason in errCode/errMsg, no data. */
  emitError(event: string, error: OpenImError): void {
    this.emitter.emit(event, { event, errCode: error.errCode, errMsg: error.message, data: this.dialect.out('raw', ''), operationID: '' });
  }

  /** A fresh operationID when the app gave none. */
  operationId(given: unknown): string {
    return typeof given === 'string' && given !== '' ? given : uuid(this.#userId);
  }

  /**
   * Runs one method: resolves its WsResponse (`event` = the PascalCase method name, `data` in the
   * dialect's form) or rejects with one carrying errCode/errMsg. Gated on a logged-in session.
   */
  call(event: string, operationID: unknown, run: () => unknown, kind: Kind = 'raw', options: CallOptions = {}): Promise<Frame> {
    const op = this.operationId(operationID);
    const fail = (error: unknown): Frame => {
      const e = toOpenImError(error, op, options);
      return { event, errCode: e.errCode, errMsg: e.message, data: this.dialect.out('raw', ''), operationID: op };
    };
    if (!options.ungated && this.#status !== LoginStatus.LOGGED_IN) return Promise.reject(fail(new OpenImError(OpenImCode.NO_LOGIN, 'No Login, first Login')));
    try {
      return Promise.resolve(run()).then(
        (data) => this.frame(event, op, data, kind),
        (error: unknown) => Promise.reject(fail(error)),
      );
    } catch (error) {
      return Promise.reject(fail(error));
    }
  }

  // ——— lifecycle ———

  async login(config: LoginConfig): Promise<Frame> {
    const op = this.operationId(config?.operationID);
    const reject = (error: unknown): Promise<never> => {
      const e = toOpenImError(error, op);
      return Promise.reject({ event: RequestFunc.LOGIN, errCode: e.errCode, errMsg: e.message, data: this.dialect.out('raw', ''), operationID: op });
    };
    if (config === null || typeof config !== 'object') return reject(paramError('config'));
    const { userID, token, url, platformID } = config;
    if (typeof userID !== 'string' || userID === '') return reject(paramError('userID'));
    if (typeof token !== 'string' || token === '') return reject(paramError('token'));
    if (this.#status === LoginStatus.LOGGED_IN || this.#status === LoginStatus.LOGGING_IN) {
      return reject(new OpenImError(this.#status === LoginStatus.LOGGING_IN ? OpenImCode.LOGIN_PENDING : OpenImCode.LOGIN_ONCE, this.#status === LoginStatus.LOGGING_IN ? 'Login Pending, Try after 5 seconds' : 'you can only login once'));
    }
    const appId = appIdOfToken(token);
    if (!appId) return reject(new OpenImError(OpenImCode.TOKEN_PARSE, `operationID[${op}], info[token parse failed]`));
    this.#status = LoginStatus.LOGGING_IN;
    this.#userId = userID;
    this.#platformID = Number.isInteger(platformID) ? platformID : 5;
    let client: Client;
    try {
      client = shimClient({
        app: { appId },
        shim: ShimKind.OPENIM,
        sdkVersion: this.dialect.generation === 2 ? VERSION : '3.8.5',
        ...(typeof url === 'string' && url !== '' ? { url } : {}),
        clientInfo: { platform: this.#platformID },
      });
    } catch (error) {
      this.#status = LoginStatus.LOGIN_FAILED;
      return reject(new OpenImError(OpenImCode.WS_ERROR, `ws connect error... ${error instanceof Error ? error.message : ''}`.trim()));
    }
    this.#client = client;
    this.emit(CbEvents.ONCONNECTING, '');
    this.#wireConnection(client);
    try {
      await client.login({ credential: { openimToken: { userId: userID, token } } });
    } catch (error) {
      const e = toOpenImError(error, op);
      this.emitError(CbEvents.ONCONNECTFAILED, e);
      this.#teardown();
      await client.close().catch(() => {});
      this.#status = LoginStatus.LOGIN_FAILED;
      return reject(e);
    }
    if (this.#client !== client) return reject(new OpenImError(OpenImCode.WS_CLOSED, 'ws connect close...'));
    this.#status = LoginStatus.LOGGED_IN;
    for (const wiring of this.wirings) this.#unwire.push(wiring(this, client));
    return this.frame(RequestFunc.LOGIN, op, '', 'ok');
  }

  /** Logs out: the session ends, everything in memory goes, no reconnect. */
  async logout(operationID?: unknown): Promise<Frame> {
    const op = this.operationId(operationID);
    const client = this.#client;
    if (!client) return Promise.reject({ event: RequestFunc.LOGOUT, errCode: OpenImCode.NO_LOGIN, errMsg: 'No Login, first Login', data: this.dialect.out('raw', ''), operationID: op });
    this.#teardown();
    this.#status = LoginStatus.LOGGED_OUT;
    await client.logout().catch(() => {});
    await client.close().catch(() => {});
    return this.frame(RequestFunc.LOGOUT, op, '', 'ok');
  }

  #teardown(): void {
    for (const unwire of this.#unwire.splice(0)) unwire();
    this.#client = undefined;
  }

  #wireConnection(client: Client): void {
    this.#unwire.push(
      client.on('state', (state: ConnectionState) => {
        if (state === 'reconnecting' || state === 'connecting') this.emit(CbEvents.ONCONNECTING, '');
        else if (state === 'authenticating') this.emit(CbEvents.ONCONNECTSUCCESS, '');
      }),
      client.on('syncStart', () => this.emit(CbEvents.ONSYNCSERVERSTART, '')),
      client.on('syncEnd', () => this.emit(CbEvents.ONSYNCSERVERFINISH, '')),
      client.on('syncFailed', () => this.emit(CbEvents.ONSYNCSERVERFAILED, '')),
      client.on('kicked', (reason: number) => {
        void this.#ended(client, reason === KickReason.CREDENTIAL_EXPIRED ? CbEvents.ONUSERTOKENEXPIRED : CbEvents.ONKICKEDOFFLINE);
      }),
      client.on('credentialRequired', (reason) => {
        if (reason === 'expired') void this.#ended(client, CbEvents.ONUSERTOKENEXPIRED);
      }),
    );
  }

  /** A kick or an expired token ends the session for good (no reconnect), then tells the app. */
  async #ended(client: Client, event: string): Promise<void> {
    if (this.#client !== client) return;
    this.#teardown();
    this.#status = LoginStatus.LOGGED_OUT;
    await client.close().catch(() => {});
    this.emit(event, '');
  }
}
