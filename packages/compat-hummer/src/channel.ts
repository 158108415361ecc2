import type { HummerCore, Result } from './core.js';
import { Emitter } from './emitter.js';
import { HummerError } from './errors.js';

/** `createChannel({region, channelId})`'s object: a P2C pub/sub channel, local until joined. — placeholder */
export class Channel {
  readonly events = new Emitter();

  constructor(
    readonly core: HummerCore,
    readonly region: string,
    readonly channelId: string,
  ) {}

  joinChannel(): Promise<Result> {
    return this.core.call('joinChannel', () => {
      throw new HummerError(-1, 'not implemented');
    });
  }

  leaveChannel(): Promise<Result> {
    return this.core.call('leaveChannel', () => {
      throw new HummerError(-1, 'not implemented');
    });
  }

  sendP2CMessage(_params?: object): Promise<Result> {
    return this.core.call('sendP2CMessage', () => {
      throw new HummerError(-1, 'not implemented');
    });
  }

  /** Subscribes to `P2CMessageReceived`. */
  on(eventName: string, handler: (data?: never) => void): void {
    this.events.on(eventName, handler);
  }

  off(eventName: string, handler?: (data?: never) => void): void {
    this.events.off(eventName, handler);
  }
}
