import { type OpName, parley } from '@parley/protocol';
import type { OpSpec, OpTable } from './matrix.js';
import { GROUP_OPS } from './ops-groups.js';
import { MESSAGE_OPS } from './ops-messages.js';
import { ROOM_OPS } from './ops-rooms.js';
import { SESSION_OPS } from './ops-session.js';

/**
 * Every request op of the wire, read from the generated `Request` class rather than listed by
 * hand: a field of the prototype is an op when setting it selects it in the `op` oneof. So an op
 * added to `envelope.proto` shows up here, and the matrix fails until it is classified.
 */
export function protocolOps(): string[] {
  const ops: string[] = [];
  for (const field of Object.keys(parley.v1.Request.prototype)) {
    const request = new parley.v1.Request({ [field]: {} });
    if (request.op === field) ops.push(field);
  }
  return ops;
}

/** The classified ops. The type makes a missing op a compile error too; the test checks it at run time. */
export const OP_TABLE: Partial<OpTable> & Record<string, OpSpec> = { ...SESSION_OPS, ...MESSAGE_OPS, ...GROUP_OPS, ...ROOM_OPS } satisfies OpTable;

export function specOf(op: string): OpSpec | undefined {
  return Object.hasOwn(OP_TABLE, op) ? OP_TABLE[op as OpName] : undefined;
}
