import { createText, type RoomHandle, RoomKind, roomsOf } from '@parley/core';
import { extrasToWire, receivedOf, textOf } from './areas/messages.js';
import { paramsOf, stringMap } from './areas/params.js';
import type { HummerCore, Result } from './core.js';
import { Emitter } from './emitter.js';
import { Code, HummerError, paramError } from './errors.js';

/**
 * `createChannel({region, channelId})`'s object: a P2C pub/sub channel, local until joined.
 * Channels exist implicitly by their string id; their messages reach the members present and
 * are never stored (no history, no offline delivery).
 */
export class Channel {
  readonly events = new Emitter();
  /** The joined channel's handle (undefined until `joinChannel`, and after leaving or the session's end). */
  #handle: RoomHandle | undefined;
  #joining = false;
  #unwire: Array<() => void> = [];

  constructor(
    readonly core: HummerCore,
    readonly region: string,
    readonly channelId: string,
  ) {}

  /** `channel.joinChannel()`: subscribes this user to the channel (2005 when this object joined it already). */
  joinChannel(): Promise<Result> {
    return this.core.call('joinChannel', async () => {
      if (this.channelId === '') throw paramError('channelId must be a non-empty string');
      if (this.#joining || this.#handle?.active) throw new HummerError(Code.ResourceAlreadyExist, 'ResourceAlreadyExist: the channel is joined already');
      this.#joining = true;
      try {
        this.#attach(await roomsOf(this.core.client).join(this.channelId, { kind: RoomKind.CHANNEL, region: this.region, initialMembers: 0 }));
      } finally {
        this.#joining = false;
      }
      return {};
    });
  }

  /** `channel.leaveChannel()`: unsubscribes (resolves as well when this object is not in the channel). */
  leaveChannel(): Promise<Result> {
    return this.core.call('leaveChannel', async () => {
      const handle = this.#handle;
      this.#detach();
      await handle?.leave();
      return {};
    });
  }

  /**
   * `channel.sendP2CMessage({message, appExtras})`: a text (from `Hummer.createMessage`) to the
   * channel's other members, as `P2CMessageReceived`. The sender must have joined (2004 otherwise).
   */
  sendP2CMessage(params?: object): Promise<Result> {
    return this.core.call('sendP2CMessage', async () => {
      const p = paramsOf(params);
      const content = textOf(p.message);
      const appExtras = stringMap(p.appExtras, 'appExtras');
      const handle = this.#handle;
      if (!handle?.active) throw new HummerError(Code.ResourceNotFound, 'ResourceNotFound: join the channel first');
      const { elements, fallbackText } = createText(content);
      await handle.send(elements, { fallbackText, onlineOnly: true, ...(Object.keys(appExtras).length > 0 ? { extras: extrasToWire(appExtras) } : {}) });
      return {};
    });
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

  #attach(handle: RoomHandle): void {
    this.#detach();
    this.#handle = handle;
    this.#unwire.push(
      handle.on('message', (m) => this.events.emit('P2CMessageReceived', receivedOf(m))),
      handle.on('evicted', () => this.#detach()),
      handle.on('dismissed', () => this.#detach()),
      this.core.onEnd(() => this.#detach()),
    );
  }

  #detach(): void {
    for (const unwire of this.#unwire.splice(0)) unwire();
    this.#handle = undefined;
  }
}
