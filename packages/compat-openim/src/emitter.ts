/** A WsResponse-shaped frame, as every listener and promise of the SDK receives it. */
export interface Frame<T = unknown> {
  event: string;
  errCode: number;
  errMsg: string;
  data: T;
  operationID: string;
}

export type Cbfn<T = unknown> = (data: Frame<T>) => void;

/**
 * The SDK's event emitter (exported as `emitter`, the base class of `OpenIMSDK`): listeners get
 * the whole WsResponse. `off(event)` without a function drops every listener of the event.
 */
export default class Emitter {
  private events: Record<string, Cbfn[]> = {};

  emit(event: string, data: Frame): this {
    for (const fn of [...(this.events[event] ?? [])]) {
      try {
        fn(data);
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
