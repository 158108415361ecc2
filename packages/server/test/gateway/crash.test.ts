import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { issueToken } from '../../src/auth/index.js';
import { TEST_APP } from '../helpers/app.js';
import { TestClient } from '../helpers/client.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const packageDir = join(here, '..', '..');
const dataDir = mkdtempSync(join(tmpdir(), 'parley-crash-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Starts the server from source in a child process on the shared data directory. */
async function spawnServer(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--conditions=@parley/source', '--import', 'tsx', 'test/fixtures/run-server.ts', dataDir], {
    cwd: packageDir,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    rl.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { child, url: (JSON.parse(line) as { url: string }).url };
}

async function connect(url: string, userId: string): Promise<TestClient> {
  const client = await TestClient.connect(url);
  await client.request('connHello', { app: { appId: TEST_APP.id } });
  // Hummer tokens: users appear on first login, so the restarted server needs no setup.
  const token = issueToken({ appId: TEST_APP.id, userId, kind: 'hummer', ttlSec: 3600 }, TEST_APP.hummer?.tokenSecret ?? '').token;
  await client.request('authLogin', { credential: { hummerToken: { userId, token } } });
  return client;
}

describe('durability across SIGKILL', () => {
  it('keeps every acknowledged send and continues seqs without gaps or reuse', async () => {
    const first = await spawnServer();
    // The sink user must exist before the sends: log it in once.
    const sink = await connect(first.url, 'sink');
    const senders = await Promise.all(['k1', 'k2', 'k3', 'k4'].map((u) => connect(first.url, u)));
    const acked: { sender: string; clientMsgId: string; seq: number; serverMsgId: string }[] = [];
    let attempted = 0;
    const burst = senders.map(async (client, i) => {
      for (let k = 0; ; k++) {
        const clientMsgId = `k${i + 1}-${k}`;
        attempted++;
        try {
          const r = await client.request('msgSend', { convId: 'c2c:sink', clientMsgId, elements: [{ text: { text: clientMsgId } }] });
          acked.push({ sender: `k${i + 1}`, clientMsgId, seq: r.seq, serverMsgId: r.serverMsgId });
        } catch {
          return; // the server died under us
        }
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 700));
    first.child.kill('SIGKILL');
    await Promise.all(burst);
    sink.terminate();
    expect(acked.length).toBeGreaterThan(20);

    const second = await spawnServer();
    try {
      const reader = await connect(second.url, 'sink');
      const perSender = new Map<string, number[]>();
      for (const sender of ['k1', 'k2', 'k3', 'k4']) {
        const pulled = await reader.request('syncPull', { ranges: [{ convId: `c2c:${sender}`, fromSeq: 0, limit: 500 }] });
        const range = pulled.ranges[0];
        const seqs = range.messages.map((m: { seq: number }) => m.seq);
        // Gap-free from 1, each client id once.
        expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
        const ids = range.messages.map((m: { clientMsgId: string }) => m.clientMsgId);
        expect(new Set(ids).size).toBe(ids.length);
        perSender.set(sender, seqs);
        for (const a of acked.filter((x) => x.sender === sender)) {
          const stored = range.messages.find((m: { clientMsgId: string }) => m.clientMsgId === a.clientMsgId);
          expect(stored, `acknowledged ${a.clientMsgId} is present`).toBeDefined();
          expect(stored.seq).toBe(a.seq);
          expect(stored.serverMsgId).toBe(a.serverMsgId);
        }
      }
      // Seqs continue after the restart, and a retried send of an acknowledged message is a duplicate.
      const k1 = await connect(second.url, 'k1');
      const head = perSender.get('k1')?.at(-1) ?? 0;
      const next = await k1.request('msgSend', { convId: 'c2c:sink', clientMsgId: 'after-restart', elements: [{ text: { text: 'x' } }] });
      expect(next.seq).toBe(head + 1);
      const firstAcked = acked.find((a) => a.sender === 'k1');
      if (firstAcked) {
        const again = await k1.request('msgSend', { convId: 'c2c:sink', clientMsgId: firstAcked.clientMsgId, elements: [{ text: { text: 'x' } }] });
        expect(again).toMatchObject({ duplicate: true, seq: firstAcked.seq });
      }
      console.log(`crash test: attempted ${attempted}, acknowledged ${acked.length}, all present after restart`);
      reader.close();
      k1.close();
    } finally {
      second.child.kill('SIGKILL');
    }
  }, 60_000);
});
