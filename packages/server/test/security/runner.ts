import { errorCodeName, type OpName } from '@parley/protocol';
import { ErrorCode } from '../../src/errors.js';
import { type TestClient, WireError } from '../helpers/client.js';
import type { Attempt, OpSpec, RowId } from './matrix.js';
import { diffDumps, dumpStore } from './store-dump.js';
import { GHOST, type Ids, MARK, type Role, SECRET, type World } from './world.js';

/** What one request got, and which rows of the store it changed. */
export interface Outcome {
  code: number;
  /** The answer, or the error's message and detail. */
  text: string;
  changes: string[];
}

/** The connection of a role, or a new one for the attempt. */
export function clientOf(world: World, as: Role | ((world: World) => Promise<TestClient>)): Promise<TestClient> {
  return typeof as === 'string' ? Promise.resolve(world.clients[as]) : as(world);
}

const codeName = (code: number) => (code === ErrorCode.OK ? 'OK' : (errorCodeName(code) ?? String(code)));

/** Sends one request and reads every row of the store before and after it. */
export async function sendAndDump(world: World, client: TestClient, op: OpName, payload: object, subject?: string): Promise<Outcome> {
  const store = world.server.context.store;
  const before = await dumpStore(store);
  let code: number = ErrorCode.OK;
  let text: string;
  try {
    text = JSON.stringify((await client.request(op, payload, subject ? { subject } : {})) ?? null);
  } catch (error) {
    if (!(error instanceof WireError)) throw error;
    code = error.code;
    text = `${error.message} ${error.detail}`;
  }
  return { code, text, changes: diffDumps(before, await dumpStore(store)) };
}

/** Pairs of (tenant A value, ghost value), longest first, to map an answer about A onto the ghost's. */
function ghostMap(ids: Ids, ghost: Ids): [string, string][] {
  const pairs: [string, string][] = [[MARK, GHOST]];
  for (const key of Object.keys(ids) as (keyof Ids)[]) {
    const [a, g] = [ids[key], ghost[key]];
    if (typeof a === 'string' && typeof g === 'string') pairs.push([a, g]);
    else if (typeof a === 'object' && typeof g === 'object') pairs.push([a.serverMsgId, g.serverMsgId], [a.convId, g.convId]);
  }
  return pairs.filter(([a]) => a.length > 0).sort((x, y) => y[0].length - x[0].length);
}

function toGhost(text: string, pairs: readonly [string, string][]): string {
  let out = text;
  for (const [a, g] of pairs) out = out.split(a).join(g);
  return out;
}

/** Marked strings of tenant A in `text` that the request did not carry itself. */
function leaked(text: string, request: string): string[] {
  const found = text.match(new RegExp(`${MARK}[A-Za-z0-9_#@-]*`, 'g')) ?? [];
  return [...new Set(found.filter((s) => !request.includes(s)))];
}

export interface CellReport {
  attempts: number;
  refused: number;
  /** Answered as for an id that does not exist (empty or per-item "not found"). */
  answered: number;
  failures: string[];
}

/**
 * Runs one attempt of a cell: the request must get the expected code and change no row. In
 * the other-tenant row the same request naming ghost ids must get the same answer, and the
 * answer must carry nothing of tenant A that the request did not name.
 */
export async function runAttempt(world: World, op: OpName, spec: OpSpec, row: RowId, attempt: Attempt & { as: NonNullable<Attempt['as']> }, report: CellReport): Promise<void> {
  const label = `${op} × ${row}${attempt.note ? ` (${attempt.note})` : ''}`;
  const client = await clientOf(world, attempt.as);
  const build = attempt.build ?? spec.build;
  const subject = attempt.subject?.(world.ids);
  const request = build(world.ids);
  const got = await sendAndDump(world, client, op, request, subject);
  report.attempts += 1;
  if (got.code !== attempt.code) report.failures.push(`${label}: expected ${codeName(attempt.code)}, got ${codeName(got.code)}: ${got.text.slice(0, 200)}`);
  else if (got.code === ErrorCode.OK) report.answered += 1;
  else report.refused += 1;
  if (got.changes.length > 0) report.failures.push(`${label}: changed the store: ${got.changes.slice(0, 5).join(' ')}`);
  if (row !== 'otherTenant') {
    // Every row's caller is one who may not read the world's secrets (messages, the room password).
    if (got.text.includes(SECRET)) report.failures.push(`${label}: the answer reveals a secret: ${got.text.slice(0, 200)}`);
    return;
  }

  const leaks = leaked(got.text, JSON.stringify(request));
  if (leaks.length > 0) report.failures.push(`${label}: the answer carries ${leaks.join(', ')}`);
  // A connection made for the attempt is made again: the first one may be spent (a used hello).
  const ghostClient = typeof attempt.as === 'string' ? client : await clientOf(world, attempt.as);
  const twin = await sendAndDump(world, ghostClient, op, build(world.ghost), subject);
  report.attempts += 1;
  if (twin.code !== got.code) report.failures.push(`${label}: ${codeName(got.code)} for tenant A's ids but ${codeName(twin.code)} for ghost ids`);
  else if (got.code === ErrorCode.OK && toGhost(got.text, ghostMap(world.ids, world.ghost)) !== twin.text) {
    report.failures.push(`${label}: answers differ for tenant A's ids and ghost ids: ${got.text.slice(0, 150)} / ${twin.text.slice(0, 150)}`);
  }
  if (twin.code === ErrorCode.OK) report.answered += 1;
  else report.refused += 1;
  if (twin.changes.length > 0) report.failures.push(`${label} (ghost ids): changed the store: ${twin.changes.slice(0, 5).join(' ')}`);
}
