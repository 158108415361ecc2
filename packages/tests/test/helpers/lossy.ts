import type { Transport, TransportConnection, TransportHandlers, TransportRequest } from '@parley/core';

/**
 * A transport wrapper that loses frames on purpose: `dropPushes` lets a fraction of incoming
 * push-looking frames vanish (the link stays up), `cut()` kills the current connection as a
 * network failure would. What a flaky mobile link does, made repeatable by a seed.
 */
export class LossyTransport implements Transport {
  dropRate = 0;
  dropped = 0;
  #current: { connection: TransportConnection; handlers: TransportHandlers } | undefined;
  #seed: number;

  constructor(
    private readonly inner: Transport,
    seed = 1,
  ) {
    this.#seed = seed;
  }

  #random(): number {
    // mulberry32: a small seeded PRNG so a failing run can be replayed.
    this.#seed = (this.#seed + 0x6d2b79f5) | 0;
    let t = this.#seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  async connect(request: TransportRequest, handlers: TransportHandlers): Promise<TransportConnection> {
    let closed = false;
    const wrapped: TransportHandlers = {
      frame: (data) => {
        if (closed) return;
        // A push envelope has id 0, so its first bytes are the `push` field tag (0x2a) rather than id (0x08).
        const isPush = data instanceof Uint8Array && data[0] === 0x2a;
        if (isPush && this.dropRate > 0 && this.#random() < this.dropRate) {
          this.dropped++;
          return;
        }
        handlers.frame(data);
      },
      close: (info) => {
        if (closed) return;
        closed = true;
        handlers.close(info);
      },
    };
    const connection = await this.inner.connect(request, wrapped);
    this.#current = { connection, handlers: wrapped };
    return connection;
  }

  /** Kills the current connection without a close handshake (the client sees code 1006). */
  cut(): void {
    const current = this.#current;
    this.#current = undefined;
    if (!current) return;
    current.handlers.close({ code: 1006, reason: 'cut', wasClean: false });
    try {
      current.connection.close(4000, 'cut');
    } catch {
      // already gone
    }
  }
}
