import { type OpName, parley } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { genUserSig, issueToken } from '../../src/auth/index.js';
import { ErrorCode } from '../../src/errors.js';
import { createUser } from '../../src/model/users.js';
import { WireError } from '../helpers/client.js';
import { CONTROLS, RIGHTFUL } from './controls.js';
import { httpCases } from './credentials.js';
import { ROW_TITLES, ROWS, type RowId, resolveCell } from './matrix.js';
import { OP_TABLE, protocolOps, specOf } from './ops-table.js';
import { type CellReport, clientOf, runAttempt, sendAndDump } from './runner.js';
import { diffDumps, dumpStore } from './store-dump.js';
import { APP_A, buildWorld, MARK, type Role, type World } from './world.js';

/**
 * Issue 14: every operation of the protocol, tried by every kind of caller that must be
 * refused (rows), each refused with its typed error and no change to any stored row.
 */
describe('authorization matrix', () => {
  let world: World;
  beforeAll(async () => {
    world = await buildWorld();
  }, 60_000);
  afterAll(async () => {
    await world?.stop();
  });

  it('classifies every op of the protocol, and only those', () => {
    const ops = protocolOps();
    expect(ops.length).toBeGreaterThan(100);
    expect(ops.filter((op) => specOf(op) === undefined)).toEqual([]);
    expect(Object.keys(OP_TABLE).filter((op) => !ops.includes(op))).toEqual([]);
  });

  it('refuses every applicable cell with its typed error and changes nothing', async () => {
    const ops = protocolOps() as OpName[];
    const pushesBefore = new Map(Object.entries(world.clients).map(([role, c]) => [role, c.pushes.length]));
    const perRow = new Map<RowId, CellReport & { cells: number }>(ROWS.map((r) => [r, { cells: 0, attempts: 0, refused: 0, answered: 0, failures: [] }]));
    for (const op of ops) {
      const spec = specOf(op);
      if (!spec) continue;
      for (const row of ROWS) {
        const cell = resolveCell(spec, row);
        if ('na' in cell) continue;
        const report = perRow.get(row) as CellReport & { cells: number };
        report.cells += 1;
        for (const attempt of cell.attempts) await runAttempt(world, op, spec, row, attempt, report);
      }
    }
    // A refused request pushes nothing to anybody (give stray pushes a moment to arrive).
    await new Promise((resolve) => setTimeout(resolve, 200));
    const pushed = Object.entries(world.clients)
      .filter(([role, c]) => c.pushes.length !== pushesBefore.get(role))
      .map(([role, c]) => `${role as Role} got ${JSON.stringify(c.pushes.slice(pushesBefore.get(role)).map((p) => p.event))}`);

    const reports = [...perRow.entries()];
    const total = (key: 'cells' | 'attempts' | 'refused' | 'answered') => reports.reduce((sum, [, r]) => sum + r[key], 0);
    const failures = [...reports.flatMap(([, r]) => r.failures), ...pushed];
    const lines = reports.map(
      ([row, r]) => `  ${ROW_TITLES[row].padEnd(32)} ${String(r.cells).padStart(4)} cells ${String(r.attempts).padStart(4)} requests ${String(r.refused).padStart(4)} refused ${String(r.answered).padStart(3)} answered, revealing nothing`,
    );
    console.log(
      [
        `authorization matrix: ${ops.length} ops × ${ROWS.length} rows = ${ops.length * ROWS.length} cells, ${total('cells')} applicable`,
        ...lines,
        `  total: ${total('attempts')} requests; ${total('refused')} refused with the expected code, ${total('answered')} answered as for a missing id or with nothing; ${failures.length} failures`,
      ].join('\n'),
    );
    expect(failures).toEqual([]);
    expect(total('cells')).toBeGreaterThan(ops.length * 3);
  }, 60_000);

  it('refuses a batch whole when one of its items is malformed', async () => {
    const group = `group:${world.ids.group}`;
    const batches = [
      { op: 'syncAck', payload: { marks: [{ convId: group, deliveredSeq: 1 }, { convId: 'nowhere' }] } },
      { op: 'readMark', payload: { convIds: [group, 'nowhere'] } },
    ] as const;
    for (const { op, payload } of batches) {
      const got = await sendAndDump(world, world.clients.member, op, payload);
      expect({ op, code: got.code, changes: got.changes }).toEqual({ op, code: ErrorCode.INVALID_PARAM, changes: [] });
    }
  });

  it('refuses expired, foreign and replayed media credentials over HTTP, changing nothing', async () => {
    const ticket = await world.clients.member.request('mediaUploadTicket', { kind: 0, fileName: 'b.txt', mime: 'text/plain', size: 1 });
    const store = world.server.context.store;
    const before = await dumpStore(store);
    const wrong: string[] = [];
    for (const c of httpCases(world, ticket.token)) {
      const res = await c.send();
      const body = (await res.json()) as { error?: { code?: number } };
      if (res.status !== c.status || body.error?.code !== c.code) wrong.push(`${c.what}: ${res.status} ${JSON.stringify(body)}`);
    }
    expect(wrong).toEqual([]);
    expect(diffDumps(before, await dumpStore(store))).toEqual([]);
  });

  it('kicks a session when its credential expires, and refuses to resume it', async () => {
    // Credentials with a second left: the server arms each session's expiry timer at login.
    const soon = Date.now() - 59_000;
    const openim = APP_A.openim?.secret ?? '';
    const tim = APP_A.tim ?? { sdkAppId: 0, secretKey: '' };
    const credentials: Record<string, (userId: string) => object> = {
      native: (userId) => ({ nativeToken: { userId, token: issueToken({ appId: APP_A.id, userId, kind: 'native', ttlSec: 60, nowMs: soon }, APP_A.native.secret).token } }),
      openim: (userId) => ({ openimToken: { userId, token: issueToken({ appId: APP_A.id, userId, kind: 'openim', ttlSec: 60, nowMs: soon }, openim).token } }),
      tim: (userId) => ({ timUsersig: { userId, userSig: genUserSig({ ...tim, userId, expireSec: 60, nowMs: soon }) } }),
    };
    const sessions = await Promise.all(
      Object.entries(credentials).map(async ([kind, credential]) => {
        const userId = `${MARK}short-lived-${kind}`;
        await createUser(world.server.context.store, APP_A.id, { userId }, { ifMissing: true });
        const client = await world.connect(APP_A.id);
        const login = await client.request('authLogin', { credential: credential(userId) });
        expect(Number(login.credentialExpiresAt)).toBeLessThan(Date.now() + 2_000);
        return { kind, client, resumeToken: login.resumeToken as string };
      }),
    );
    for (const { kind, client, resumeToken } of sessions) {
      const kicked = await client.waitForPush((p) => p.kicked != null, 5_000);
      expect({ kind, reason: kicked.kicked?.reason }).toEqual({ kind, reason: parley.v1.KickReason.KICK_REASON_CREDENTIAL_EXPIRED });
      await client.closed;
      const resumed = await sendAndDump(world, await world.connect(APP_A.id), 'authResume', { resumeToken });
      expect({ kind, code: resumed.code, changes: resumed.changes }).toEqual({ kind, code: ErrorCode.UNAUTHENTICATED, changes: [] });
    }
  });
});

/** The positive controls: the matrix's requests succeed for their rightful callers (`controls.ts`). */
describe('authorization matrix controls', () => {
  let world: World;
  beforeAll(async () => {
    world = await buildWorld();
  }, 60_000);
  afterAll(async () => {
    await world?.stop();
  });

  it("succeeds for each op's rightful caller", async () => {
    const ops = protocolOps() as OpName[];
    const late = (op: OpName) => CONTROLS[op]?.late ?? 0;
    const order = [...ops].sort((a, b) => late(a) - late(b));
    const failures: string[] = [];
    const skipped: string[] = [];
    for (const op of order) {
      const spec = specOf(op);
      const control = CONTROLS[op] ?? {};
      const as = control.as ?? (spec && RIGHTFUL[spec.access]);
      if (!spec || control.skip || !as) {
        skipped.push(op);
        continue;
      }
      const client = await clientOf(world, as);
      try {
        await client.request(op, (control.build ?? spec.build)(world.ids));
      } catch (error) {
        if (!(error instanceof WireError)) throw error;
        failures.push(`${op} as ${typeof as === 'function' ? 'a new connection' : as}: ${error.message} ${error.detail}`);
      }
    }
    console.log(`authorization matrix controls: ${ops.length - skipped.length} of ${ops.length} ops succeed for their rightful caller (no control: ${skipped.join(', ')})`);
    expect(failures).toEqual([]);
    expect(skipped.length).toBeLessThan(5);
  }, 60_000);
});
