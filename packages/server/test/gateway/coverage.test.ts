import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { OpName } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { OPS, PRE_LOGIN } from '../../src/gateway/dispatch.js';

/**
 * The coverage ledger (CAPABILITIES.md §2.17) counts vendor methods that map to server ops;
 * the ops are the rows of the §2.1–§2.14 tables. Every one of them must be served.
 */
const CAPABILITIES = fileURLToPath(new URL('../../../../../shared/spec/CAPABILITIES.md', import.meta.url));

/** Ops whose name in the capability model differs from the wire op. */
const WIRE_NAME: Record<string, string> = {
  // The bytes go over HTTP; the WebSocket op hands out the upload ticket.
  'media.upload': 'mediaUploadTicket',
};

function opsOfSection2(markdown: string): string[] {
  const start = markdown.indexOf('## 2. Operations');
  const end = markdown.indexOf('### 2.15');
  const ops: string[] = [];
  for (const line of markdown.slice(start, end).split('\n')) {
    const cell = /^\| `([a-zA-Z]+\.[a-zA-Z]+)`/.exec(line);
    if (cell?.[1]) ops.push(cell[1]);
  }
  return ops;
}

function wireName(op: string): string {
  const mapped = WIRE_NAME[op];
  if (mapped) return mapped;
  const [family = '', name = ''] = op.split('.');
  return family + name.charAt(0).toUpperCase() + name.slice(1);
}

describe.skipIf(!existsSync(CAPABILITIES))('coverage of the capability model', () => {
  it('serves every operation of CAPABILITIES.md §2', () => {
    const ops = opsOfSection2(readFileSync(CAPABILITIES, 'utf8'));
    expect(ops.length).toBeGreaterThan(100);
    const missing = ops.filter((op) => {
      const name = wireName(op);
      return !(name in PRE_LOGIN) && OPS[name as OpName] === undefined;
    });
    expect(missing).toEqual([]);
  });
});
