/** Event registration on the hummer, ChatRoom and Channel objects: `on(name, fn)`, and the undocumented but expected `off`. */
export class Emitter {
  #handlers = new Map<string, Array<(data?: unknown) => void>>();

  /** Subscribes `handler` to `eventName` (case-sensitive). */
  on(eventName: string, handler: (data?: never) => void): void {
    if (typeof handler !== 'function') return;
    const list = this.#handlers.get(eventName) ?? [];
    list.push(handler as (data?: unknown) => void);
    this.#handlers.set(eventName, list);
  }

  /** Subscribes `handler` for the next emission only. */
  once(eventName: string, handler: (data?: never) => void): void {
    if (typeof handler !== 'function') return;
    const wrapper = (data?: never) => {
      this.off(eventName, wrapper);
      handler(data);
    };
    this.on(eventName, wrapper);
  }

  /** Removes one handler, or every handler of the event when none is given. */
  off(eventName: string, handler?: (data?: never) => void): void {
    if (!handler) {
      this.#handlers.delete(eventName);
      return;
    }
    const list = (this.#handlers.get(eventName) ?? []).filter((fn) => fn !== handler);
    this.#handlers.set(eventName, list);
  }

  /** Calls the handlers; one that throws does not stop the others (its error is rethrown later). Events without data call with none. */
  emit(eventName: string, ...data: [] | [unknown]): void {
    for (const fn of [...(this.#handlers.get(eventName) ?? [])]) {
      try {
        fn(...data);
      } catch (error) {
        setTimeout(() => {
          throw error;
        }, 0);
      }
    }
  }
}
