import type { Harness } from '../helpers/harness.js';
import { loadOpenIm, type OpenImModule, openimToken } from '../helpers/openim.js';

/** The 3.x SDK object (`getSDK()`). */
export type WasmSDK = ReturnType<OpenImModule['getSDK']>;

/** A frame as the 3.x SDK resolves, rejects and emits it: `data` is an object or a scalar. */
export interface WasmFrame<T = unknown> {
  event: string;
  errCode: number;
  errMsg: string;
  data: T;
  operationID: string;
}

/** A page written for @openim/wasm-client-sdk 3.8: its module, its SDK object, every event it received. */
export interface WasmPage {
  mod: OpenImModule;
  sdk: WasmSDK;
  userId: string;
  events: WasmFrame[];
  /** The `data` of every emission of one event. */
  seen<T = unknown>(event: string): T[];
}

/** Creates a 3.x page for `userId` that records every event, and logs in (wsAddr = the server) unless `login: false`. */
export async function wasmPage(h: Harness, userId: string, options: { login?: boolean } = {}): Promise<WasmPage> {
  const mod = await loadOpenIm();
  const sdk = mod.getSDK();
  const events: WasmFrame[] = [];
  for (const event of new Set(Object.values(mod.CbEvents))) sdk.on(event, (res) => events.push(res as WasmFrame));
  const page: WasmPage = { mod, sdk, userId, events, seen: <T>(event: string) => events.filter((e) => e.event === event).map((e) => e.data as T) };
  if (options.login !== false) await sdk.login({ userID: userId, token: await openimToken(h, userId), platformID: 5, apiAddr: '', wsAddr: h.url });
  return page;
}

/** The `data` of a resolved call. */
export async function dataOf<T>(call: Promise<{ data: unknown }>): Promise<T> {
  return (await call).data as T;
}
