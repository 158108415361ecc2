import type { Bus, BusMessage } from './types.js';

/**
 * The in-process bus: synchronous delivery in publish order, which keeps one user's pushes in
 * commit order on a single node.
 */
export class LocalBus implements Bus {
  private readonly topics = new Map<string, Set<(message: BusMessage) => void>>();

  publish(topic: string, message: BusMessage): void {
    const handlers = this.topics.get(topic);
    if (!handlers) return;
    for (const handler of handlers) handler(message);
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

  async close(): Promise<void> {
    this.topics.clear();
  }
}
