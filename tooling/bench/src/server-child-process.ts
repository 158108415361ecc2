// The parent side of the benchmark servers' child processes: each server under test runs in a
// child of its own (scripts/server-child.ts, scripts/fanout-child.ts), so its CPU time is
// measured apart from the load generator's. See scripts/child-common.ts for the protocol.
import { type ChildProcess, fork } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { ChildStats } from './scripts/child-common.js';
import type { ChildSpec } from './scripts/server-child.js';

const CHILD_SCRIPT = fileURLToPath(new URL('./scripts/server-child.ts', import.meta.url));

/** A server under test in a child process (scripts/server-child.ts). */
export interface ChildHandle {
  readonly url: string;
  /** stderr lines of the child: server warnings and errors. */
  readonly problems: string[];
  /**
   * CPU time and memory now. With `gc: true` the child runs two full garbage collections first
   * (children are started with --expose-gc), so heapUsed and rss hold what is still referenced.
   */
  stats(options?: { gc?: boolean }): Promise<ChildStats>;
  stop(): Promise<void>;
  kill(): void;
}

const liveChildren = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of liveChildren) child.kill('SIGKILL');
});

/**
 * Forks scripts/server-child.ts with `spec` and resolves once it listens.
 *
 * @param script - The child to fork; scripts/fanout-child.ts speaks the same protocol. @default scripts/server-child.ts
 * @throws {Error} (as a rejection) when the child exits or does not listen within 60 s.
 */
export async function startChild(spec: ChildSpec | { readonly mode: string }, script: string = CHILD_SCRIPT): Promise<ChildHandle> {
  // tooling/bench depends on tsx; resolve it here so the child finds it whatever its cwd.
  const tsx = import.meta.resolve('tsx');
  // PARLEY_BENCH_CPU_PROF=<dir>: the servers write V8 CPU profiles there (open in Chrome DevTools).
  const profileDir = process.env.PARLEY_BENCH_CPU_PROF;
  const child = fork(script, [JSON.stringify(spec)], {
    execArgv: ['--conditions=@parley/source', '--expose-gc', '--import', tsx, ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  liveChildren.add(child);
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      liveChildren.delete(child);
      resolve();
    });
  });
  const problems: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => {
    if (line.trim()) problems.push(line);
  });
  const waiting: { resolve: (stats: ChildStats) => void; reject: (error: Error) => void }[] = [];
  child.on('message', (message: ChildStats) => {
    if (message.type === 'stats') waiting.shift()?.resolve(message);
  });
  child.once('exit', (code, signal) => {
    for (const w of waiting.splice(0)) w.reject(new Error(`${spec.mode} server exited (${signal ?? code}): ${problems.slice(-3).join(' | ')}`));
  });
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => reject(new Error(`${spec.mode} server did not start in 60 s: ${problems.join(' | ')}`)), 60_000);
    lines.on('line', (line) => {
      if (!line.startsWith('{')) return;
      const parsed = JSON.parse(line) as { url?: string };
      if (parsed.url) {
        clearTimeout(timer);
        resolve(parsed.url);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${spec.mode} server exited with ${code} before listening: ${problems.join(' | ')}`));
    });
  });
  return {
    url,
    problems,
    stats: (options = {}) =>
      new Promise<ChildStats>((resolve, reject) => {
        if (!child.connected) return reject(new Error(`${spec.mode} server is gone: ${problems.slice(-3).join(' | ')}`));
        waiting.push({ resolve, reject });
        child.send({ type: 'stats', gc: options.gc === true });
      }),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      if (child.connected) child.send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
    kill() {
      child.kill('SIGKILL');
    },
  };
}
