/**
 * `@parley/compat-hummer`: the Hummer chatroom SDK (`hummer-chatroom-sdk` 2.2.1) on a Parley
 * server. `import Hummer from 'hummer-chatroom-sdk'` (aliased) or the script-tag global works
 * unchanged; set the server address once with `configure`.
 */
import { configure } from '@parley/shim-kit';
import { ConnectionChangeReason, ConnectionState, Direction, HistoryDirection, LOGLEVEL, MessageType, MsgType, OnlineStatus } from './constants.js';
import { VERSION } from './core.js';
import { paramError } from './errors.js';
import { HummerInstance } from './hummer.js';

export type { ShimConfig } from '@parley/shim-kit';
export { Channel } from './channel.js';
export { ConnectionChangeReason, ConnectionState, Direction, ForceoutCode, HistoryDirection, LOGLEVEL, MessageType, MsgType, OnlineStatus, REGIONS } from './constants.js';
export type { Result } from './core.js';
export { Code, type HummerFailure } from './errors.js';
export { HummerInstance } from './hummer.js';
export { preload } from './lazy.js';
export { ChatRoom } from './room.js';
export { configure, VERSION };

/** A message for `sendP2PMessage`/`sendP2CMessage`. */
export interface TextMessage {
  msgType: number;
  content: string;
}

/** `Hummer.createHummer({appid})`: a new hummer object (appid: the 32-bit project id). */
export function createHummer(params: { appid: number | string }): HummerInstance {
  const appid = Number(params?.appid);
  if (!Number.isInteger(appid) || appid <= 0 || appid > 0xffffffff) throw paramError('appid must be a 32-bit number');
  return new HummerInstance(appid);
}

/** `Hummer.createMessage(msgType, content)`: only `MsgType.TEXT` (0) is supported; any other type gives `null`, as the vendor runtime does. */
export function createMessage(msgType: number, content: string): TextMessage | null {
  if (Number(msgType) !== MsgType.TEXT) return null;
  return { msgType: MsgType.TEXT, content: String(content ?? '') };
}

/** The `Hummer` namespace: the global of the script-tag bundle and this package's default export. */
const Hummer = {
  createHummer,
  createMessage,
  VERSION,
  LOGLEVEL,
  ConnectionState,
  ConnectionChangeReason,
  MsgType,
  MessageType,
  OnlineStatus,
  Direction,
  HistoryDirection,
  configure,
};
export default Hummer;
