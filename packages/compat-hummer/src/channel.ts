import type { RoomHandle } from '@parley/core';
import { receivedOf } from './areas/messages.js';
import type { HummerCore, Result } from './core.js';
import { Emitter } from './emitter.js';
import { onDemand } from './lazy.js';

/**
 * `createChannel({region, channelId})`'s object: a P2C pub/sub channel, local until joined.
 * Channels exist implicitly by their string id; their messages reach the members present and
 * are never stored (no history, no offline delivery). Its calls load on first use
 * (channel-calls.ts).
 */
export class Channel {
  readonly events = new Emitter();
  /** The joined channel's handle (undefined until `joinChannel`, and after leaving or the session's end). */
  handle: RoomHandle | undefined;
  #unwire: Array<() => void> = [];

  constructor(
    readonly core: HummerCore,
    readonly region: string,
    readonly channelId: string,
  ) {}

  /** `channel.joinChannel()`: subscribes this user to the channel (2005 when this object joined it already). */
  joinChannel(): Promise<Result> {
    return this.core.defer(onDemand, (later) => later.joinChannel(this));
  }

  /** `channel.leaveChannel()`: unsubscribes (resolves as well when this object is not in the channel). */
  leaveChannel(): Promise<Result> {
    return this.core.defer(onDemand, (later) => later.leaveChannel(this));
  }

  /**
   * `channel.sendP2CMessage({message, appExtras})`: a text (from `Hummer.createMessage`) to the
   * channel's other members, as `P2CMessageReceived`. The sender must have joined (2004 otherwise).
   */
  sendP2CMessage(params?: object): Promise<Result> {
    return this.core.defer(onDemand, (later) => later.sendP2CMessage(this, params));
  }

  /** Subscribes to `P2CMessageReceived {opUid, message, appExtras}`. */
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

  /** Takes a joined channel's handle: its messages start flowing to this object's listeners. */
  attach(handle: RoomHandle): void {
    this.detach();
    this.handle = handle;
    this.#unwire.push(
      handle.on('message', (m) => this.events.emit('P2CMessageReceived', receivedOf(m))),
      handle.on('evicted', () => this.detach()),
      handle.on('dismissed', () => this.detach()),
      this.core.onEnd(() => this.detach()),
    );
  }

  /** Lets go of the handle (left, evicted, dismissed, logged out). */
  detach(): void {
    for (const unwire of this.#unwire.splice(0)) unwire();
    this.handle = undefined;
  }
}
