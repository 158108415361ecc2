// `pnpm bench`: runs every benchmark, prints a summary and writes tooling/bench/RESULTS.md.
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCodecBench } from './codec.bench.js';

const sections: string[] = [];
let missed = 0;

console.log('codec: typical chat message frame…');
const codec = runCodecBench();
sections.push(codec.markdown);
if (!codec.pass) missed++;

const header = [
  '# Benchmark results',
  '',
  `Written by \`pnpm bench\` on ${new Date().toISOString().slice(0, 10)}: Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}.`,
  'Every figure is the median of interleaved rounds and sits next to its baseline from the same run.',
  '',
].join('\n');
const report = `${header}\n${sections.join('\n\n')}\n`;
console.log(`\n${report}`);
writeFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'RESULTS.md'), report);
if (missed) {
  console.error(`${missed} benchmark target(s) missed`);
  process.exitCode = 1;
}
