import { type Logger, nullLogger } from '../log.js';
import type { Bus, BusMessage } from './types.js';

/**
 * The in-process bus: synchronous delivery in publish order, which keeps one user's pushes in
 * commit order on a single node.
 */
export class LocalBus implements Bus {
  readonly kind = 'local';

  constructor(private readonly log: Logger = nullLogger) {}

  private readonly topics = new Map<string, Set<(message: BusMessage) => void>>();

  publish(topic: string, message: BusMessage): void {
    const handlers = this.topics.get(topic);
    if (!handlers) return;
    for (const handler of [...handlers]) {
      try {
        handler(message);
      } catch (error) {
        // One subscriber's failure must not cost the others their message, nor the publisher
        // its commit path.
        this.log.error('a bus handler threw', { topic, error });
      }
    }
  }

  subscribe(topic: string, handler: (message: BusMessage) => void): () => void {
    let handlers = this.topics.get(topic);
    if (!handlers) {
      handlers = new Set();
      this.topics.set(topic, handlers);
    }
    handlers.add(handler);
    return () => {
      const current = this.topics.get(topic);
      if (!current) return;
      current.delete(handler);
      if (current.size === 0) this.topics.delete(topic);
    };
  }

  async open(): Promise<void> {}

  /** Subscriptions are active at once. */
  async settled(): Promise<void> {}

  /** The in-process bus has no link to lose. */
  onLink(_listener: (up: boolean) => void): () => void {
    return () => {};
  }

  async close(): Promise<void> {
    this.topics.clear();
  }
}
