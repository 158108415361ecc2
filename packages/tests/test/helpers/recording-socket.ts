import { CompactCodec } from '@parley/protocol/compact';
import WebSocket from 'ws';

const codec = new CompactCodec();

/**
 * A `ws` WebSocket that records the operation of every request a page sends, in order: the
 * on-demand tests check that a call waiting for its code still reaches the server before the
 * calls made after it. Clear `ops` before the calls under test.
 */
export class RecordingSocket extends WebSocket {
  static ops: string[] = [];

  override send(data: Parameters<WebSocket['send']>[0], ...rest: unknown[]): void {
    const op = codec.decode(new Uint8Array(data as Uint8Array)).request?.op;
    if (op) RecordingSocket.ops.push(op);
    (super.send as (...args: unknown[]) => void)(data, ...rest);
  }
}
