import { errorCodeName } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import type { AppConfig } from '../../src/config/types.js';
import { createUser } from '../../src/model/users.js';
import { TEST_APP } from '../helpers/app.js';
import { awaitDelivery, chat, GoodClient } from './fuzz/chat.js';
import { FRAME_WEIGHTS } from './fuzz/frames.js';
import { CapturingLogger, formatCounts, fuzzSettings, garbageCollector, MB, memoryInUse, startFuzzServer, storeSize } from './fuzz/harness.js';
import { streamSeed } from './fuzz/prng.js';
import { OP_NAMES, type Targets } from './fuzz/schema.js';
import { FuzzStats, runStream } from './fuzz/stream.js';

/**
 * Gateway fuzzing (issue 14): many connections send seeded streams of random and mutated
 * frames on both subprotocols while two well-behaved users chat. The server must not crash,
 * must answer with typed errors or close with a protocol close code, must keep serving the
 * pair, and must give its memory back.
 *
 *   PARLEY_FUZZ_SEED=<n>           replay a run (the seed is printed at start and on failure)
 *   PARLEY_FUZZ_ITERATIONS=<n>     frames per connection worker (default 150)
 *   PARLEY_FUZZ_MINUTES=<n>        run for this long instead
 *   PARLEY_FUZZ_CONNECTIONS=<n>    concurrent fuzz connections (default 32)
 *   PARLEY_FUZZ_STREAM=<w>.<k>     replay one stream of a seed alone
 */
const settings = fuzzSettings();

/** The growth of heap + Buffer memory allowed once the fuzz connections are gone. */
const MEMORY_GROWTH_LIMIT = 100 * MB;

const APP: AppConfig = { ...TEST_APP, id: 'fuzz' };
const ALICE = 'fz-alice';
const BOB = 'fz-bob';
const FUZZ_USERS = Array.from({ length: 10 }, (_, i) => `fuzzer-${i}`);
const TARGETS: Targets = {
  users: [ALICE, BOB, ...FUZZ_USERS, 'nobody-here'],
  convIds: [`c2c:${ALICE}`, `c2c:${BOB}`, ...FUZZ_USERS.slice(0, 4).map((u) => `c2c:${u}`), 'group:fz-g1', 'group:fz-g2', 'room:fz-r1', 'system', 'channel:none', 'c2c:'],
  groupIds: ['fz-g1', 'fz-g2', 'no-such-group'],
  roomIds: ['fz-r1', 'no-such-room'],
};
/** Privileged sessions may act for anyone: they aim at the fuzz users alone, never at the pair. */
const PRIVILEGED_TARGETS: Targets = {
  ...TARGETS,
  users: [...FUZZ_USERS, 'nobody-here'],
  convIds: TARGETS.convIds.filter((c) => c !== `c2c:${ALICE}` && c !== `c2c:${BOB}` && c !== 'group:fz-g1'),
  subjects: FUZZ_USERS,
};

const timeoutMs = (settings.durationMs ?? 0) + 240_000;

describe('gateway fuzzing', () => {
  it(`survives seeded streams of random and mutated frames (seed ${settings.seed})`, async () => {
    const { seed } = settings;
    console.log(`fuzz: seed ${seed} (replay with PARLEY_FUZZ_SEED=${seed}), ${settings.workers} connections, ${settings.durationMs ? `${settings.durationMs / 60_000} min` : `${settings.framesPerWorker} frames each`}`);
    const uncaught: string[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.on('uncaughtException', onUncaught);
    process.on('unhandledRejection', onUncaught);
    const log = new CapturingLogger();
    const maxFrameBytes = 1024 * 1024;
    // A short login timeout so idle anonymous streams also meet the 4002 close.
    const server = await startFuzzServer(APP, log, { maxFrameBytes, loginTimeoutMs: 3_000 });
    const stats = new FuzzStats();
    try {
      for (const userId of [ALICE, BOB, ...FUZZ_USERS]) await createUser(server.context.store, APP.id, { userId }, { ifMissing: true });
      // Groups and a room for the fuzz requests to aim at; alice sits in one of the groups.
      const owner = await GoodClient.login(server.url, APP, FUZZ_USERS[0] as string, false);
      await owner.request('groupCreate', { group: { groupId: 'fz-g1', name: 'fuzz one', type: 2 }, members: [ALICE, ...FUZZ_USERS.slice(1, 5)].map((userId) => ({ userId })) });
      await owner.request('groupCreate', { group: { groupId: 'fz-g2', name: 'fuzz two', type: 3 }, members: FUZZ_USERS.slice(5).map((userId) => ({ userId })) });
      await owner.request('roomCreate', { room: { roomId: 'fz-r1', name: 'fuzz room' } });
      owner.close();

      const alice = await GoodClient.login(server.url, APP, ALICE, false);
      const bob = await GoodClient.login(server.url, APP, BOB, true);
      const gc = garbageCollector();
      const storeBefore = await storeSize(server.context.store);
      const before = memoryInUse(gc);
      let peak = before;
      const sampler = setInterval(() => {
        const m = process.memoryUsage();
        peak = Math.max(peak, m.heapUsed + m.arrayBuffers);
      }, 100);

      let fuzzing = true;
      const chatting = chat(alice, bob, () => !fuzzing);
      const started = Date.now();
      const deadline = settings.durationMs === undefined ? undefined : started + settings.durationMs;
      const streamOptions = { url: server.url, app: APP, targets: TARGETS, privilegedTargets: PRIVILEGED_TARGETS, fuzzUsers: FUZZ_USERS, maxFrameBytes, stats };
      const worker = async (w: number): Promise<void> => {
        const resumeTokens: string[] = [];
        let sent = 0;
        for (let k = 0; deadline === undefined ? sent < settings.framesPerWorker : Date.now() < deadline; k++) {
          const frames = deadline === undefined ? Math.min(200, settings.framesPerWorker - sent) : 200;
          sent += await runStream({ ...streamOptions, resumeTokens, seed: streamSeed(seed, w, k), label: `${w}.${k}`, frames });
        }
      };
      if (settings.only) {
        const [w = 0, k = 0] = settings.only.split('.').map(Number);
        // A stream's frames depend on its seed alone: the longest stream of any run replays it.
        await runStream({ ...streamOptions, resumeTokens: [], seed: streamSeed(seed, w, k), label: settings.only, frames: 200 });
      } else {
        await Promise.all(Array.from({ length: settings.workers }, (_, w) => worker(w)));
      }
      const fuzzMs = Date.now() - started;
      fuzzing = false;
      const chatLog = await chatting;
      clearInterval(sampler);

      // Delivery: every message of the pair arrived once, as a push and in the stored history.
      const failures: string[] = [...chatLog.failures.map((f) => `well-behaved client not served: ${f}`)];
      const servedFailures = failures.length;
      for (const [receiver, sender] of [
        [alice, bob],
        [bob, alice],
      ] as const) {
        const sent = chatLog.sent.get(sender.userId) ?? [];
        await awaitDelivery(receiver, sender.userId, sent);
        const pushed = receiver.receivedFrom(sender.userId);
        if (JSON.stringify([...pushed].sort()) !== JSON.stringify([...sent].sort())) {
          failures.push(`${receiver.userId} got ${pushed.length} pushes of ${sender.userId}'s ${sent.length} messages (${new Set(pushed).size} distinct)`);
        }
        const stored = await receiver.storedFrom(sender.userId);
        if (JSON.stringify([...stored].sort()) !== JSON.stringify([...sent].sort())) {
          failures.push(`${receiver.userId}'s history holds ${stored.length} of ${sender.userId}'s ${sent.length} messages (${new Set(stored).size} distinct)`);
        }
      }
      if (alice.closeCode !== undefined || bob.closeCode !== undefined) failures.push(`a well-behaved client was closed (${alice.closeCode}, ${bob.closeCode})`);
      const pairServed = failures.length === servedFailures && chatLog.failures.length === 0;

      // Every fuzz connection is gone from the gateway and the session registry.
      const settleUntil = Date.now() + 10_000;
      while (Date.now() < settleUntil && (server.context.sessions.size > 2 || server.connectionCount() > 2)) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      if (server.context.sessions.size !== 2) {
        const left = [...server.context.sessions.all()].map((x) => `${x.userId} (${x.credentialKind}, connection ${x.conn.closed ? 'closed' : 'open'})`);
        failures.push(`${left.length} sessions remain, expected the pair's 2: ${left.join(', ')}`);
      }
      if (server.connectionCount() !== 2) failures.push(`${server.connectionCount()} connections remain open, expected the pair's 2`);
      // A newcomer is served at once.
      const late = await GoodClient.login(server.url, APP, FUZZ_USERS[1] as string, true);
      await late.request('connPing', {}, 5_000).catch((error) => failures.push(`a new client after the fuzzing: ${String(error)}`));
      late.close();

      const after = memoryInUse(gc);
      const storeAfter = await storeSize(server.context.store);
      const growth = after - before;
      const streams = [...stats.streams.values()].reduce((a, b) => a + b, 0);
      const sentByPair = (chatLog.sent.get(ALICE)?.length ?? 0) + (chatLog.sent.get(BOB)?.length ?? 0);
      console.log(
        [
          `fuzz: ${stats.framesSent} frames over ${streams} streams in ${(fuzzMs / 1000).toFixed(1)} s (seed ${seed})`,
          `  streams by subprotocol/start: ${formatCounts(stats.streams)}`,
          `  frames by generator: ${formatCounts(stats.byKind)}`,
          `  ops sent well-formed: ${stats.ops.size} of ${OP_NAMES.length}`,
          `  answers: ${stats.responses} responses, ${stats.acks} acks, ${stats.pushes} pushes; errors by code: ${formatCounts(stats.errorsByCode, (c) => `${errorCodeName(c) ?? '?'}(${c})`)}`,
          `  closes by the server, by code: ${formatCounts(stats.closesByCode)}`,
          `  server warnings: ${formatCounts(log.warnings) || 'none'}`,
          `  well-behaved pair: ${sentByPair} messages sent; all answered and each delivered once (push and history): ${pairServed}`,
          `  memory (heap + buffers${gc ? ', after GC' : ', no GC available'}): before ${(before / MB).toFixed(1)} MB, peak ${(peak / MB).toFixed(1)} MB, after ${(after / MB).toFixed(1)} MB (growth ${(growth / MB).toFixed(1)} MB, limit ${MEMORY_GROWTH_LIMIT / MB} MB)`,
          // What the fuzz requests legitimately stored (the in-memory store holds it on the heap).
          `  store: ${storeBefore.rows} rows (${(storeBefore.bytes / MB).toFixed(1)} MB) before, ${storeAfter.rows} rows (${(storeAfter.bytes / MB).toFixed(1)} MB) after`,
        ].join('\n'),
      );

      if (growth > MEMORY_GROWTH_LIMIT) failures.push(`memory grew by ${(growth / MB).toFixed(1)} MB`);
      failures.push(...stats.findings.slice(0, 30));
      if (stats.findings.length > 30) failures.push(`… and ${stats.findings.length - 30} more findings`);
      failures.push(...log.errors.map((e) => `server logged an error: ${e}`));
      failures.push(...uncaught.map((e) => `uncaught: ${e}`));
      expect(failures, `fuzz failures — replay with PARLEY_FUZZ_SEED=${seed} (one stream alone: add PARLEY_FUZZ_STREAM=<w>.<k>)`).toEqual([]);
      expect(sentByPair).toBeGreaterThan(settings.only ? 0 : 10);
      if (!settings.only) {
        // Every generator ran and both subprotocols were fuzzed, so a broken generator cannot hide.
        expect([...stats.byKind.keys()].sort()).toEqual(Object.keys(FRAME_WEIGHTS).sort());
        expect([...stats.streams.keys()].some((k) => k.startsWith('json/')) && [...stats.streams.keys()].some((k) => k.startsWith('proto/'))).toBe(true);
      }
      alice.close();
      bob.close();
    } finally {
      process.off('uncaughtException', onUncaught);
      process.off('unhandledRejection', onUncaught);
      await server.stop();
    }
  }, timeoutMs);
});
