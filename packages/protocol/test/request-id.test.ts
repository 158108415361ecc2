import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../src/codes.js';
import { ProtobufCodec } from '../src/protobuf-codec.js';
import { isProtocolError } from '../src/errors.js';

function failure(frame: number[]) {
  try {
    new ProtobufCodec().decode(Uint8Array.from(frame));
  } catch (error) {
    if (isProtocolError(error)) return error;
  }
  throw new Error('expected a ProtocolError');
}

describe('decode failures carry the envelope id when it leads the frame', () => {
  it('a nested wrong wire type can be answered', () => {
    // id 7; request { conn_hello (field 10) sent as a varint }
    const error = failure([0x08, 0x07, 0x12, 0x02, 0x50, 0x01]);
    expect(error.code).toBe(ErrorCode.WRONG_WIRE_TYPE);
    expect(error.requestId).toBe(7);
  });

  it('multi-byte ids and truncated frames', () => {
    const error = failure([0x08, 0xac, 0x02, 0x12, 0x05, 0x50]);
    expect(error.code).toBe(ErrorCode.TRUNCATED_FRAME);
    expect(error.requestId).toBe(300);
  });

  it('no leading id: 0', () => {
    expect(failure([0xff, 0xff, 0xff]).requestId).toBe(0);
    expect(failure([0x12, 0x02, 0x50, 0x01, 0x08, 0x07]).requestId).toBe(0);
  });
});
