import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import { Redis } from 'ioredis';
import { connect as natsConnect } from 'nats';
import { describe, expect, it } from 'vitest';
import { BusError, decodeBusMessage, encodeBusMessage } from '../../src/bus/codec.js';
import { LocalBus } from '../../src/bus/local.js';
import { NatsBus } from '../../src/bus/nats.js';
import { RedisBus } from '../../src/bus/redis.js';
import type { Bus, BusMessage } from '../../src/bus/types.js';
import { type BusFixture, runBusConformance } from '../../src/testing/index.js';

const REDIS_URL = process.env.PARLEY_TEST_REDIS_URL;
const NATS_URL = process.env.PARLEY_TEST_NATS_URL;
/** Channel / subject prefix of this run on the shared services (pub/sub leaves no state). */
const PREFIX = `parley-test-${randomBytes(4).toString('hex')}`;

// ---------------------------------------------------------------------------------------------
// codec

describe('bus codec', () => {
  const messages: BusMessage[] = [
    { kind: 'push', push: new Uint8Array([0, 1, 2, 255]) },
    { kind: 'push', push: new Uint8Array(0) },
    { kind: 'push', push: new Uint8Array([9]), exceptSessionId: 'sess-1' },
    { kind: 'push', push: new Uint8Array([9]), exceptSessionId: '' },
    { kind: 'push', push: randomBytes(100_000), exceptSessionId: 'é\u0000😀' },
    { kind: 'kick', sessionIds: [], reason: 0, detail: '' },
    { kind: 'kick', sessionIds: ['a', '', 'ü'.repeat(300)], reason: 3, detail: 'signed in elsewhere' },
    { kind: 'kick', sessionIds: ['x'], reason: -1, detail: '😀' },
    { kind: 'resync', nodeId: 0 },
    { kind: 'resync', nodeId: 2_147_483_647 },
    { kind: 'resync', nodeId: -2_147_483_648 },
    { kind: 'room', op: 'evict', userIds: ['u1', 'ü'.repeat(100)], nodeId: 3 },
    { kind: 'room', op: 'drop', userIds: [], nodeId: 0 },
  ];

  it('round-trips every kind', () => {
    for (const message of messages) {
      const decoded = decodeBusMessage(encodeBusMessage(message));
      if (message.kind === 'push' && decoded.kind === 'push') {
        expect(Array.from(decoded.push)).toEqual(Array.from(message.push));
        expect(decoded.exceptSessionId).toBe(message.exceptSessionId);
        expect('exceptSessionId' in decoded).toBe(message.exceptSessionId !== undefined);
      } else {
        expect(decoded).toEqual(message);
      }
    }
  });

  it('carries push bytes as they are, after a kind byte and a length', () => {
    const push = new Uint8Array(300).map((_, i) => i % 256);
    const bytes = encodeBusMessage({ kind: 'push', push });
    expect(bytes.length).toBe(1 + 2 + 300);
    expect(bytes[0]).toBe(0x01);
    expect(Array.from(bytes.subarray(3))).toEqual(Array.from(push));
    // A Buffer view inside a larger buffer decodes the same, and the result does not alias it.
    const pooled = Buffer.concat([Buffer.from([7, 7]), Buffer.from(bytes)]).subarray(2);
    const decoded = decodeBusMessage(pooled);
    pooled.fill(0);
    expect(decoded.kind === 'push' && Array.from(decoded.push)).toEqual(Array.from(push));
  });

  it('throws TypeError on malformed or unknown input', () => {
    const kick = encodeBusMessage({ kind: 'kick', sessionIds: ['ab', 'c'], reason: 5, detail: 'bye' });
    const resync = encodeBusMessage({ kind: 'resync', nodeId: 300 });
    const bad: Uint8Array[] = [
      new Uint8Array(0),
      Uint8Array.of(0x00),
      Uint8Array.of(0x04, 0),
      Uint8Array.of(0xff),
      Uint8Array.of(0x01), // push without its length
      Uint8Array.of(0x01, 5, 1, 2), // push shorter than its length
      Uint8Array.of(0x01, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01), // over-long varint
      Uint8Array.of(0x01, 0xff, 0xff, 0xff, 0xff, 0x7f), // length above 2^32
      Uint8Array.of(0x01, 0, 2, 0xc3, 0x28), // exceptSessionId not UTF-8
      Uint8Array.of(0x01, 0, 1, 0x61, 0x00), // trailing byte
      Uint8Array.of(0x02, 200, 1, 0x61), // session id count larger than the message
      Uint8Array.of(0x03, 0x02, 0x00), // resync with a trailing byte
      ...Array.from({ length: kick.length - 1 }, (_, n) => kick.subarray(0, n + 1)),
      ...Array.from({ length: resync.length - 1 }, (_, n) => resync.subarray(0, n + 1)),
    ];
    for (const bytes of bad) {
      expect(() => decodeBusMessage(bytes), `bytes ${Array.from(bytes).join(',')}`).toThrow(TypeError);
    }
    expect(() => decodeBusMessage(Uint8Array.of(0x09))).toThrow(/malformed bus message: unknown kind byte 0x09/);
  });

  it('refuses to encode non-int32 numbers and unknown kinds', () => {
    expect(() => encodeBusMessage({ kind: 'resync', nodeId: 1.5 })).toThrow(TypeError);
    expect(() => encodeBusMessage({ kind: 'kick', sessionIds: [], reason: 2 ** 31, detail: '' })).toThrow(TypeError);
    expect(() => encodeBusMessage({ kind: 'nope' } as unknown as BusMessage)).toThrow(TypeError);
  });
});

// ---------------------------------------------------------------------------------------------
// conformance

runBusConformance('LocalBus', async () => {
  const bus = new LocalBus();
  return { open: async () => bus };
});

if (REDIS_URL === undefined) {
  it.skip('RedisBus: skipped — set PARLEY_TEST_REDIS_URL=redis://127.0.0.1:6379');
} else {
  runBusConformance('RedisBus', async () => ({ open: async () => new RedisBus({ url: REDIS_URL, prefix: PREFIX }) }));
}

if (NATS_URL === undefined) {
  it.skip('NatsBus: skipped — set PARLEY_TEST_NATS_URL=nats://127.0.0.1:4222');
} else {
  runBusConformance('NatsBus', async () => ({ open: async () => new NatsBus({ url: NATS_URL, prefix: PREFIX }) }));
}

function onPath(binary: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir !== '' && existsSync(join(dir, binary)));
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** A server process on a fixed port that can be killed (SIGKILL) and started again. */
class SpawnedServer {
  private child: ChildProcess | undefined;
  private output = '';

  constructor(
    private readonly command: string,
    private readonly args: readonly string[],
    readonly port: number,
  ) {}

  async start(): Promise<void> {
    const child = spawn(this.command, this.args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-2000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const deadline = Date.now() + 10_000;
    while (!(await canConnect(this.port))) {
      if (child.exitCode !== null || Date.now() > deadline) {
        throw new Error(`${this.command} did not start on port ${this.port}:\n${this.output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }
}

async function spawnedFixture(server: SpawnedServer, open: () => Bus): Promise<BusFixture> {
  await server.start();
  return { open: async () => open(), restart: () => server.restart(), teardown: () => server.stop() };
}

if (!onPath('redis-server')) {
  it.skip('RedisBus (own redis-server, with restarts): skipped — redis-server is not on PATH');
} else {
  runBusConformance('RedisBus (own redis-server, with restarts)', async () => {
    const port = await freePort();
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
    return spawnedFixture(new SpawnedServer('redis-server', args, port), () => new RedisBus({ url: `redis://127.0.0.1:${port}` }));
  });
}

if (!onPath('nats-server')) {
  it.skip('NatsBus (own nats-server, with restarts): skipped — nats-server is not on PATH');
} else {
  runBusConformance('NatsBus (own nats-server, with restarts)', async () => {
    const port = await freePort();
    const args = ['-a', '127.0.0.1', '-p', String(port)];
    return spawnedFixture(new SpawnedServer('nats-server', args, port), () => new NatsBus({ url: `nats://127.0.0.1:${port}` }));
  });
}

// ---------------------------------------------------------------------------------------------
// what the shared contract does not cover: failing fast, dropping, malformed input

describe('distributed buses: open, drops and malformed input', () => {
  it('open() rejects with a BusError naming the URL, without the password', async () => {
    const port = await freePort(); // closed again: nothing listens there
    for (const bus of [
      new RedisBus({ url: `redis://:hunter2@127.0.0.1:${port}` }),
      new NatsBus({ url: `nats://user:hunter2@127.0.0.1:${port}` }),
    ]) {
      const started = Date.now();
      const error = await bus.open().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(BusError);
      expect((error as BusError).code).toBe('unreachable');
      expect((error as Error).message).toContain(`127.0.0.1:${port}`);
      expect((error as Error).message).not.toContain('hunter2');
      expect(Date.now() - started).toBeLessThan(6000);
      await bus.close();
      await bus.close(); // idempotent
      await expect(bus.settled()).rejects.toThrow(BusError);
    }
  });

  it('publishing before open() drops and counts instead of throwing or queueing', () => {
    for (const bus of [new RedisBus({ url: 'redis://127.0.0.1:1' }), new NatsBus({ url: 'nats://127.0.0.1:1' })]) {
      expect(() => bus.publish('t', { kind: 'resync', nodeId: 1 })).not.toThrow();
      expect(bus.stats).toEqual({ published: 0, dropped: 1, received: 0, malformed: 0 });
    }
  });

  async function dropsMalformed(bus: RedisBus | NatsBus, sendRaw: (topic: string, bytes: Uint8Array) => Promise<void>) {
    await bus.open();
    try {
      const topic = `u\u0000${PREFIX}\u0000malformed`;
      const got: BusMessage[] = [];
      bus.subscribe(topic, (message) => got.push(message));
      await bus.settled();
      await sendRaw(topic, Uint8Array.of(0xff, 1, 2, 3));
      await sendRaw(topic, encodeBusMessage({ kind: 'resync', nodeId: 4 }));
      const deadline = Date.now() + 5000;
      while (got.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
      expect(got).toEqual([{ kind: 'resync', nodeId: 4 }]);
      expect(bus.stats.malformed).toBe(1);
      expect(bus.stats.received).toBe(1);
    } finally {
      await bus.close();
    }
  }

  it.skipIf(REDIS_URL === undefined)('RedisBus drops a malformed message and delivers the next (needs PARLEY_TEST_REDIS_URL)', async () => {
    const raw = new Redis(REDIS_URL!);
    try {
      await dropsMalformed(new RedisBus({ url: REDIS_URL!, prefix: PREFIX }), async (topic, bytes) => {
        await raw.publish(`${PREFIX}:${topic}`, Buffer.from(bytes));
      });
    } finally {
      raw.disconnect();
    }
  });

  it.skipIf(NATS_URL === undefined)('NatsBus drops a malformed message and delivers the next (needs PARLEY_TEST_NATS_URL)', async () => {
    const raw = await natsConnect({ servers: NATS_URL! });
    try {
      await dropsMalformed(new NatsBus({ url: NATS_URL!, prefix: PREFIX }), async (topic, bytes) => {
        raw.publish(`${PREFIX}.${Buffer.from(topic).toString('base64url')}`, bytes);
        await raw.flush();
      });
    } finally {
      await raw.close();
    }
  });
});
