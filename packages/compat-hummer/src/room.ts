import { type RoomHandle, RoomKind } from '@parley/core';
import type { HummerCore, Result } from './core.js';
import { Emitter } from './emitter.js';
import { onDemand } from './lazy.js';
import * as attributes from './room/attributes.js';
import * as members from './room/members.js';

/** `createChatRoomInstance({region, roomid})`'s object: one room, local until joined, with its own events. */
export class ChatRoom {
  readonly events = new Emitter();
  /** The handle of the joined room (undefined until `joinChatRoom`, and after leaving or eviction). */
  handle: RoomHandle | undefined;
  #unwire: Array<() => void> = [];

  constructor(
    readonly core: HummerCore,
    readonly region: string,
    readonly roomid: number,
  ) {}

  /** The room's wire reference by its numeric id (works without joining). */
  get target(): { roomId: string; numericId: number; region: string; kind: number } {
    return { roomId: this.handle?.roomId ?? '', numericId: this.roomid, region: this.region, kind: RoomKind.LIVE };
  }

  /** The echo fields the vendor's results carry. */
  echo(): { appid: number; uid: string; roomid: number; props: Record<string, string> } {
    return { appid: this.core.appid, uid: this.core.uid, roomid: this.roomid, props: {} };
  }

  /** Takes a joined room's handle: its events start flowing to this object's listeners. */
  attach(handle: RoomHandle): void {
    this.detach();
    this.handle = handle;
    this.#unwire.push(members.wireMembers(this, handle), attributes.wireAttributes(this, handle), this.core.onEnd(() => this.detach()));
  }

  /** Lets go of the handle (left, evicted, dismissed, logged out). */
  detach(): void {
    for (const unwire of this.#unwire.splice(0)) unwire();
    this.handle = undefined;
  }

  /** Subscribes to a room event (§3.2). */
  on(eventName: string, handler: (data?: never) => void): void {
    this.events.on(eventName, handler);
  }

  /** Removes a handler (not in the vendor doc; the vendor runtime has it). */
  off(eventName: string, handler?: (data?: never) => void): void {
    this.events.off(eventName, handler);
  }

  /** Subscribes for one emission (the vendor runtime has it). */
  once(eventName: string, handler: (data?: never) => void): void {
    this.events.once(eventName, handler);
  }

  /** The vendor runtime's other name for {@link on}. */
  addEventListener(eventName: string, handler: (data?: never) => void): void {
    this.events.on(eventName, handler);
  }

  joinChatRoom(params?: object): Promise<Result> {
    return members.joinChatRoom(this, params);
  }

  leaveChatRoom(params?: object): Promise<Result> {
    return members.leaveChatRoom(this, params);
  }

  sendGroupMessage(params?: object): Promise<Result> {
    return members.sendGroupMessage(this, params);
  }

  sendSingleUserMessage(params?: object): Promise<Result> {
    return members.sendSingleUserMessage(this, params);
  }

  sendTextChat(params?: object): Promise<Result> {
    return members.sendTextChat(this, params);
  }

  fetchHistoryMessages(params?: object): Promise<Result> {
    return members.fetchHistoryMessages(this, params);
  }

  getChatRoomAttributes(params?: object): Promise<Result> {
    return attributes.getChatRoomAttributes(this, params);
  }

  // ——— loaded on first use (on-demand.ts) ———

  getUserList(params?: object): Promise<Result> {
    return this.core.defer(onDemand, (later) => later.room.getUserList(this, params));
  }

  muteUser(params?: object): Promise<Result> {
    return this.core.defer(onDemand, (later) => later.room.muteUser(this, params));
  }

  unMuteUser(params?: object): Promise<Result> {
    return this.core.defer(onDemand, (later) => later.room.unMuteUser(this, params));
  }

  getMutedUserList(params?: object): Promise<Result> {
    return this.core.defer(onDemand, (later) => later.room.getMutedUserList(this, params));
  }

  kickOffUser(params?: object): Promise<Result> {
    return this.core.defer(onDemand, (later) => later.room.kickOffUser(this, params));
  }

  dismissChatRoom(params?: object): Promise<Result> {
    return this.core.defer(onDemand, (later) => later.room.dismissChatRoom(this, params));
  }

  getChatRoomUserCount(params?: object): Promise<Result> {
    return this.core.defer(onDemand, (later) => later.room.getChatRoomUserCount(this, params));
  }

  updateChatRoomAttributes(params?: object): Promise<Result> {
    return this.core.defer(onDemand, (later) => later.room.updateChatRoomAttributes(this, params));
  }

  getChatRoomManager(params?: object): Promise<Result> {
    return this.core.defer(onDemand, (later) => later.room.getChatRoomManager(this, params));
  }

  setUserAttributes(params?: object): Promise<Result> {
    return this.core.defer(onDemand, (later) => later.room.setUserAttributes(this, params));
  }

  getUserAttributesList(params?: object): Promise<Result> {
    return this.core.defer(onDemand, (later) => later.room.getUserAttributesList(this, params));
  }

  setRoomExtraAttributes(params?: object): Promise<Result> {
    return this.core.defer(onDemand, (later) => later.room.setRoomExtraAttributes(this, params));
  }

  updateRoomExtraAttributes(params?: object): Promise<Result> {
    return this.core.defer(onDemand, (later) => later.room.updateRoomExtraAttributes(this, params));
  }

  deleteRoomExtraAttributes(params?: object): Promise<Result> {
    return this.core.defer(onDemand, (later) => later.room.deleteRoomExtraAttributes(this, params));
  }

  clearRoomExtraAttributes(params?: object): Promise<Result> {
    return this.core.defer(onDemand, (later) => later.room.clearRoomExtraAttributes(this, params));
  }

  fetchRoomExtraAttributes(params?: object): Promise<Result> {
    return this.core.defer(onDemand, (later) => later.room.fetchRoomExtraAttributes(this, params));
  }
}
