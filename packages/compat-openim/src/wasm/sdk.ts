import { AREAS } from '../areas/all.js';
import { CbEvents, RequestFunc } from '../constants.js';
import { OpenImCore } from '../core.js';
import Emitter, { type Frame } from '../emitter.js';
import { OpenImCode, paramError } from '../errors.js';
import { type MethodTable, start } from '../method.js';
import type { MessageApi } from './api-messages.js';
import type { RelationApi } from './api-relations.js';
import { v3Dialect } from './dialect.js';
import { isObj, parseObj, REVOKE_V3 } from './message.js';
import { conversationMethods } from './methods-conversations.js';
import { groupMethods } from './methods-groups.js';
import { messageMethods } from './methods-messages.js';
import { relationMethods } from './methods-relations.js';
import { NO_DATA, WASM_METHOD_NAMES } from './names.js';
import { context, unsupported, type WasmSpec, type WasmTable } from './spec.js';
import type { WSEvent, WsResponse } from './types/entity.js';
import type { DataOfEvent } from './types/eventData.js';
import type { InitAndLoginConfig } from './types/params.js';

/** The 3.x methods this package serves; every other name of the vendor's SDK refuses with 10301. */
export const WASM_TABLE: WasmTable = { ...messageMethods, ...conversationMethods, ...relationMethods, ...groupMethods };

/**
 * Codes of the 2.x layer that 3.x reports with codes of its own: its SDK's argument (10002),
 * not-logged-in (10004) and repeated-login (10102) errors, its server's token (1501–1505) and
 * permission (1002) errors. Others pass unchanged.
 */
const ERRCODE_V3: Record<number, number> = {
  [OpenImCode.REQUEST_PARAMETER]: 10002,
  [OpenImCode.ARGS]: 10002,
  [OpenImCode.NO_LOGIN]: 10004,
  [OpenImCode.LOGIN_ONCE]: 10102,
  [OpenImCode.LOGIN_PENDING]: 10102,
  [OpenImCode.TOKEN_PARSE]: 1503,
  [OpenImCode.TOKEN_EXPIRED]: 1501,
  [OpenImCode.TOKEN_INVALID]: 1502,
  [OpenImCode.TOKEN_MALFORMED]: 1503,
  [OpenImCode.TOKEN_NOT_VALID_YET]: 1504,
  [OpenImCode.TOKEN_UNKNOWN]: 1505,
  [OpenImCode.NO_PERMISSION]: 1002,
};

/** A rejected frame with the 3.x code. */
function v3Failure(frame: unknown): Promise<never> {
  if (isObj(frame) && typeof frame.errCode === 'number') return Promise.reject({ ...frame, errCode: ERRCODE_V3[frame.errCode] ?? frame.errCode });
  return Promise.reject(frame);
}

/** `WsResponse.event` as the 3.x SDK names it: the method name capitalised, the rest lower case. */
export function eventOf(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1).toLowerCase();
}

/** The listener type of the 3.x SDK: the WsResponse of the event, its `data` typed. */
export type WasmListener<E extends CbEvents> = (data: WSEvent<DataOfEvent<E>>) => void;

/**
 * The SDK object of @openim/wasm-client-sdk 3.8 over this package's areas. Results and events
 * carry objects (`data` is a MessageItem, a ConversationItem[]…) in the 3.x shapes.
 */
export class WasmSDK extends Emitter {
  readonly #core: OpenImCore;
  /** Revokes already told to the app (the 2.x areas report one twice: notice and event). */
  readonly #revoked = new Set<string>();

  constructor() {
    super();
    const core: OpenImCore = new OpenImCore(
      this,
      v3Dialect(() => core.userId),
      AREAS.flatMap((area) => area.wirings),
    );
    this.#core = core;
    const table: MethodTable = Object.assign({}, ...AREAS.map((area) => area.methods));
    for (const name of WASM_METHOD_NAMES) {
      const value = this.#bind(name, WASM_TABLE[name], table);
      Object.defineProperty(this, name, { value, enumerable: true, writable: true, configurable: true });
    }
  }

  /**
   * Tells the app an event in 3.x's terms: a new message also comes as a batch of one
   * (`OnRecvNewMessages`), a revoke as `OnNewRecvMessageRevoked` with its `RevokedInfo`.
   */
  override emit(event: string, frame: Frame): this {
    if (event === CbEvents.OnRecvNewMessage && isObj(frame.data) && frame.data.contentType === REVOKE_V3) {
      const detail = parseObj(isObj(frame.data.notificationElem) ? frame.data.notificationElem.detail : undefined) ?? {};
      return this.#revoke(String(detail.clientMsgID ?? ''), { ...frame, event: CbEvents.OnNewRecvMessageRevoked, data: detail });
    }
    if (event === CbEvents.OnRecvMessageRevoked) {
      const clientMsgID = String(frame.data ?? '');
      return this.#revoke(clientMsgID, { ...frame, event: CbEvents.OnNewRecvMessageRevoked, data: { clientMsgID, revokerID: '', revokerRole: 0, revokerNickname: '', revokeTime: Date.now(), sourceMessageSendTime: 0, sourceMessageSendID: '', sourceMessageSenderNickname: '', sessionType: 0, seq: 0, ex: '' } });
    }
    super.emit(event, frame);
    if (event === CbEvents.OnRecvNewMessage) super.emit(CbEvents.OnRecvNewMessages, { ...frame, event: CbEvents.OnRecvNewMessages, data: [frame.data] });
    return this;
  }

  /** The first report of a revoke reaches the app; its twin is dropped. */
  #revoke(clientMsgID: string, frame: Frame): this {
    if (this.#revoked.delete(clientMsgID)) return this;
    this.#revoked.add(clientMsgID);
    return super.emit(CbEvents.OnNewRecvMessageRevoked, frame);
  }

  /** Connects to `params.wsAddr` and logs in; resolves when the session is up. */
  login(params: InitAndLoginConfig, operationID?: string): Promise<WsResponse<unknown>> {
    const p: Partial<InitAndLoginConfig> = isObj(params) ? params : {};
    const op = this.#core.operationId(operationID);
    if (typeof p.wsAddr !== 'string' || p.wsAddr === '') {
      const e = paramError('wsAddr');
      return v3Failure({ event: RequestFunc.LOGIN, errCode: e.errCode, errMsg: e.message, data: '', operationID: op });
    }
    const config = { userID: p.userID as string, token: p.token as string, url: p.wsAddr, platformID: p.platformID as number, operationID: op };
    return this.#core.login(config).catch(v3Failure);
  }

  /** Logs out and closes the connection; no reconnect follows. */
  logout<T>(operationID?: string): Promise<WsResponse<T>> {
    return this.#core.logout(operationID).catch(v3Failure) as Promise<WsResponse<T>>;
  }

  #bind(name: string, spec: WasmSpec | undefined, table: MethodTable): (...args: unknown[]) => Promise<unknown> {
    const core = this.#core;
    const event = eventOf(name);
    const base = spec?.via === undefined ? undefined : table[spec.via];
    const noData = spec ? spec.noData === true : NO_DATA.has(name);
    return (...args: unknown[]) => {
      const data = noData ? undefined : args[0];
      const op = core.operationId(noData ? args[0] : args[1]);
      let text: unknown;
      const run = async (): Promise<unknown> => {
        // A method whose 2.x counterpart no area serves is as unsupported as one 3.x alone has.
        if (!spec || (spec.via !== undefined && !base)) throw unsupported(name);
        const ctx = context(core, op, table);
        const value = spec.run ? await spec.run(ctx, data) : base && (await start(core, base, spec.args ? spec.args(data, ctx) : data, op));
        text = spec.result ? await spec.result(value, ctx, data) : value;
        return text;
      };
      const options = { ...(base?.send ? { send: true } : {}), ...(spec?.ungated || !spec ? { ungated: true } : {}) };
      return core.call(event, op, run, spec?.kind ?? base?.kind ?? 'raw', options).then((frame) => (spec?.text ? { ...frame, data: String(text ?? '') } : frame), v3Failure);
    };
  }
}

/** Listening as the 3.x SDK types it: each event's `data` has its payload type. */
export interface WasmEvents {
  on<E extends CbEvents>(event: E, fn: WasmListener<E>): SDK;
  off<E extends CbEvents>(event: E, fn: WasmListener<E>): SDK | undefined;
}

/** The 3.x SDK object as apps type it: the typed emitter, login/logout, and every vendor method. */
export type SDK = Omit<WasmSDK, 'on' | 'off'> & WasmEvents & MessageApi & RelationApi;
