import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { md5Hex } from '../src/md5.js';

describe('md5Hex', () => {
  it('equals node:crypto for the RFC 1321 vectors, block boundaries and UTF-8 text', () => {
    const inputs = ['', 'a', 'abc', 'message digest', 'abcdefghijklmnopqrstuvwxyz', '1455613127766ml-js-key', '中文密钥🙂', 'x'.repeat(55), 'x'.repeat(56), 'x'.repeat(64), 'x'.repeat(1000)];
    for (const input of inputs) expect(md5Hex(input), JSON.stringify(input)).toBe(createHash('md5').update(input, 'utf8').digest('hex'));
    expect(md5Hex('abc')).toBe('900150983cd24fb0d6963f7d28e17f72');
  });
});
