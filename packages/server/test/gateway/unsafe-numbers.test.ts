import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/errors.js';
import { unsafeNumberField } from '../../src/gateway/numbers.js';
import { refusal } from '../helpers/client.js';
import { c2c, startTestServer, text } from '../helpers/server.js';

// Found by the gateway fuzzer (test/security/fuzz.test.ts): 64-bit fields above 2^53 − 1 (a
// JSON -1 in a uint64 field arrives as 2^64 − 1) reached store keys and failed as INTERNAL.
// (protobufjs writes 2^64 itself as 0, so the frames below use 2^62 and 2^63.)
describe('64-bit integers above 2^53 - 1', () => {
  it('are refused with INVALID_PARAM naming the field, and change nothing', async () => {
    const server = await startTestServer();
    try {
      const peer = await server.login('peer-of-big');
      const client = await server.login('big-numbers');
      const sent = await client.request('msgSend', text(c2c('peer-of-big'), 'keep me'));
      for (const [op, payload, field] of [
        ['msgRevoke', { ref: { convId: c2c('peer-of-big'), seq: 2 ** 63 } }, 'ref.seq'],
        ['syncChanges', { cursor: 2 ** 53, limit: 10 }, 'cursor'],
        ['roomGet', { room: { numericId: 2 ** 63 } }, 'room.numericId'],
        ['syncPull', { ranges: [{ convId: c2c('peer-of-big'), limit: 5 }, { convId: c2c('x'), fromSeq: 2 ** 60 }] }, 'ranges[1].fromSeq'],
      ] as const) {
        const error = await client.request(op, payload).then(
          () => undefined,
          (e: { code: number; detail: string }) => e,
        );
        expect(error, op).toMatchObject({ code: ErrorCode.INVALID_PARAM, detail: field });
      }
      // The last safe cursor is a cursor from the future (its successor is no store key).
      expect(await client.request('syncChanges', { cursor: 2 ** 53 - 1 })).toMatchObject({ reset: true, changes: [] });
      // The message is still there, unrevoked, and the connection is still served.
      const pulled = await client.request('syncPull', { ranges: [{ convId: c2c('peer-of-big'), limit: 5 }] });
      expect(pulled.ranges[0].messages.map((m: { seq: number; revoked?: unknown }) => m.seq)).toEqual([sent.seq]);
      expect(await refusal(client.request('msgRevoke', { ref: { convId: c2c('peer-of-big'), seq: 2 ** 62 } }))).toBe(ErrorCode.INVALID_PARAM);
      expect((await client.request('connPing', {})).serverTime).toBeGreaterThan(0);
      client.close();
      peer.close();
    } finally {
      await server.stop();
    }
  });

  it('are found anywhere in a payload; safe numbers, bytes and unknown fields are not', () => {
    expect(unsafeNumberField({ a: 1, b: [{ c: -(2 ** 53 - 1) }], d: 2 ** 53 - 1, e: 1.5, f: new Uint8Array([255]) })).toBeUndefined();
    expect(unsafeNumberField({ a: { b: [0, { c: Number.POSITIVE_INFINITY }] } })).toBe('a.b[1].c');
    expect(unsafeNumberField({ x: -(2 ** 53) })).toBe('x');
    expect(unsafeNumberField({ $unknowns: [new Uint8Array(8)] })).toBeUndefined();
    expect(unsafeNumberField(2 ** 60)).toBe('value');
  });
});
