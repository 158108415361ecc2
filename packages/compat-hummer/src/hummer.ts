import { p2pWiring } from './areas/p2p.js';
import { Channel } from './channel.js';
import type { ConnectionStateValue } from './constants.js';
import { HummerCore, type Result } from './core.js';
import { onDemand } from './lazy.js';
import { ChatRoom } from './room.js';

/**
 * The `hummer` object of `Hummer.createHummer({appid})`: the session (login, logout, tokens,
 * connection state), hummer-level rooms and P2P calls, and the factories of ChatRoom and
 * Channel objects. Every network call returns a Promise of `{rescode: 0, msg: 'OK', …}` and
 * rejects with `{rescode, msg}`.
 */
export class HummerInstance {
  readonly #core: HummerCore;

  constructor(appid: number) {
    this.#core = new HummerCore(appid, [p2pWiring]);
  }

  /** LOGLEVEL: -1 DEBUG … 3 ERROR. */
  setLogLevel(level: number): void {
    this.#core.logLevel = Number(level);
  }

  getConnectionState(): ConnectionStateValue {
    return this.#core.state;
  }

  /** The older name of {@link getConnectionState}. */
  getState(): ConnectionStateValue {
    return this.#core.state;
  }

  login(params?: object): Promise<Result> {
    return this.#core.login(params);
  }

  logout(): Promise<Result> {
    return this.#core.logout();
  }

  refreshToken(params?: object): Promise<Result> {
    return this.#core.refreshToken(params);
  }

  createChatRoom(params?: object): Promise<Result> {
    return this.#core.defer(onDemand, (later) => later.createChatRoom(this.#core, params));
  }

  /** Dismisses `{region, roomid}` (the seed documents it here without a room; the vendor demo calls it on the ChatRoom). */
  dismissChatRoom(params?: object): Promise<Result> {
    return this.#core.defer(onDemand, (later) => later.dismissChatRoom(this.#core, params));
  }

  getChatRoomUserCount(params?: object): Promise<Result> {
    return this.#core.defer(onDemand, (later) => later.getChatRoomUserCount(this.#core, params));
  }

  fetchUserOnlineStatus(params?: object): Promise<Result> {
    return this.#core.defer(onDemand, (later) => later.fetchUserOnlineStatus(this.#core, params));
  }

  sendP2PMessage(params?: object): Promise<Result> {
    return this.#core.defer(onDemand, (later) => later.sendP2PMessage(this.#core, params));
  }

  /** A local ChatRoom object (no network call, no join). */
  createChatRoomInstance(params?: { region?: string; roomid?: number | string }): ChatRoom {
    return new ChatRoom(this.#core, String(params?.region ?? this.#core.region), Number(params?.roomid ?? 0));
  }

  /** A local Channel object (no network call, no join). */
  createChannel(params?: { region?: string; channelId?: string }): Channel {
    return new Channel(this.#core, String(params?.region ?? this.#core.region), String(params?.channelId ?? ''));
  }

  /** Subscribes to `ConnectionStateChanged`, `ForceoutOffline`, `TokenExpired`, `TokenWillExpire`, `P2PMessageReceived`. */
  on(eventName: string, handler: (data?: never) => void): void {
    this.#core.events.on(eventName, handler);
  }

  /** Removes a handler (not in the vendor doc; the vendor runtime has it). */
  off(eventName: string, handler?: (data?: never) => void): void {
    this.#core.events.off(eventName, handler);
  }

  /** Subscribes for one emission (the vendor runtime has it). */
  once(eventName: string, handler: (data?: never) => void): void {
    this.#core.events.once(eventName, handler);
  }

  /** The vendor runtime's other name for {@link on}. */
  addEventListener(eventName: string, handler: (data?: never) => void): void {
    this.on(eventName, handler);
  }

  /** The vendor runtime's misspelt twin of {@link createChannel}. */
  creatChannelInstance(params?: { region?: string; channelId?: string }): Channel {
    return this.createChannel(params);
  }
}
