import type { TimMessage } from '../../convert/message.js';
import type { TimCore } from '../../core.js';

/** How long a batch waits for SDK_READY before trying again (messages that arrive between the login's sync and SDK_READY). */
const READY_RETRY_MS = 10;

/**
 * Collects the vendor events of one tick and emits them together: each message-list event once
 * with every message of the tick (a message at most once per event), then the single-payload
 * events in arrival order. Nothing is emitted before SDK_READY, and nothing after `dispose()`.
 */
export class EventBatch {
  readonly #lists = new Map<string, Map<string, TimMessage>>();
  readonly #arrays = new Map<string, unknown[]>();
  #singles: Array<[string, unknown]> = [];
  #scheduled = false;
  #disposed = false;

  constructor(private readonly tim: TimCore) {}

  /** Adds a message to a `Message[]` event (MESSAGE_RECEIVED, MESSAGE_REVOKED, …). */
  message(event: string, message: TimMessage): void {
    let list = this.#lists.get(event);
    if (!list) {
      list = new Map();
      this.#lists.set(event, list);
    }
    list.set(message.ID, message);
    this.#schedule();
  }

  /** Adds items to an array event (MESSAGE_READ_RECEIPT_RECEIVED). */
  items(event: string, items: unknown[]): void {
    const list = this.#arrays.get(event) ?? [];
    list.push(...items);
    this.#arrays.set(event, list);
    this.#schedule();
  }

  /** Queues an event with its own payload (GROUP_SYSTEM_NOTICE_RECEIVED, MESSAGE_EXTENSIONS_*). */
  single(event: string, data: unknown): void {
    this.#singles.push([event, data]);
    this.#schedule();
  }

  dispose(): void {
    this.#disposed = true;
    this.#lists.clear();
    this.#arrays.clear();
    this.#singles = [];
  }

  #schedule(): void {
    if (this.#scheduled || this.#disposed) return;
    this.#scheduled = true;
    queueMicrotask(() => this.#flush());
  }

  #flush(): void {
    if (this.#disposed) return;
    if (!this.tim.ready) {
      setTimeout(() => this.#flush(), READY_RETRY_MS);
      return;
    }
    this.#scheduled = false;
    const lists = [...this.#lists];
    const arrays = [...this.#arrays];
    const singles = this.#singles;
    this.#lists.clear();
    this.#arrays.clear();
    this.#singles = [];
    for (const [event, messages] of lists) this.tim.emit(event, [...messages.values()]);
    for (const [event, items] of arrays) this.tim.emit(event, items);
    for (const [event, data] of singles) this.tim.emit(event, data);
  }
}
