import { describe, expect, test } from 'vitest';
import { ErrorCode, errorCodeName, isProtocolErrorCode } from '../src/codes.js';
import { parley } from '../src/generated/proto.js';

describe('ErrorCode', () => {
  test('equals the parley.v1.ErrorCode enum of the schema, name for name', () => {
    const fromSchema = Object.fromEntries(Object.entries(parley.v1.ErrorCode).filter(([k]) => Number.isNaN(Number(k))));
    expect(ErrorCode).toEqual(fromSchema);
  });

  test('values are unique and names resolve back', () => {
    const values = Object.values(ErrorCode);
    expect(new Set(values).size).toBe(values.length);
    for (const [name, value] of Object.entries(ErrorCode)) expect(errorCodeName(value)).toBe(name);
    expect(errorCodeName(424242)).toBeUndefined();
  });

  test('the 1xxx range is the protocol range', () => {
    expect(isProtocolErrorCode(ErrorCode.TRUNCATED_FRAME)).toBe(true);
    expect(isProtocolErrorCode(ErrorCode.NOT_MEMBER)).toBe(false);
  });
});
