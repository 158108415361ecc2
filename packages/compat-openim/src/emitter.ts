import type { WsResponse } from './types.js';

/** A WsResponse-shaped frame, as every listener and promise of the SDK receives it. */
export interface Frame<T = unknown> {
  event: string;
  errCode: number;
  errMsg: string;
  data: T;
  operationID: string;
}

/** A listener: it gets the whole frame, typed as open-im-sdk types it (`data: any`, so `JSON.parse(res.data)` compiles). */
export type Cbfn = (data: WsResponse) => void;

/**
 * The SDK's event emitter (exported as `emitter`, the base class of `OpenIMSDK`): listeners get
 * the whole WsResponse. `off(event)` without a function drops every listener of the event.
 */
export default class Emitter {
  private events: Record<string, Cbfn[]> = {};

  emit(event: string, data: Frame): this {
    for (const fn of [...(this.events[event] ?? [])]) {
      try {
        // The vendor types every frame's event as a RequestFunc, callbacks' too.
        fn(data as WsResponse);
      } catch (error) {
        // A throwing listener must not stop the others, nor the SDK.
        console.error('OpenIM listener of', event, 'threw', error);
      }
    }
    return this;
  }

  on(event: string, fn: Cbfn): this {
    if (typeof fn !== 'function') return this;
    const list = this.events[event] ?? [];
    list.push(fn);
    this.events[event] = list;
    return this;
  }

  off(event: string, fn?: Cbfn): this {
    const list = this.events[event];
    if (!list) return this;
    if (fn === undefined) delete this.events[event];
    else {
      const index = list.indexOf(fn);
      if (index >= 0) list.splice(index, 1);
    }
    return this;
  }
}
