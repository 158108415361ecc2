// The client benchmarks, in one Chromium: reconnect ingest, cold start, and (no browser)
// bundle size. run.ts calls runClientBenches; main.ts runs them alone.
import { openBenchPage } from './browser.js';
import { runColdStartBench } from './coldstart.bench.js';
import type { ClientBenchOptions, ClientBenchResult } from './options.js';
import { runReconnectBench } from './reconnect.bench.js';
import { runBundleSizeBench } from './size.bench.js';

export { type ClientBenchOptions, type ClientBenchResult, clientBenchOptionsFromEnv } from './options.js';

/** Runs every client benchmark; each result carries its own summary line and Markdown section. */
export async function runClientBenches(options: ClientBenchOptions, progress: (line: string) => void = console.log): Promise<ClientBenchResult[]> {
  const results: ClientBenchResult[] = [];
  progress('client: bundle size…');
  results.push(await runBundleSizeBench());
  const browser = await openBenchPage();
  try {
    progress(`client: reconnect ingest in Chromium (${browser.codec} codec)…`);
    results.push(await runReconnectBench(browser, options, progress));
    progress('client: cold start from IndexedDB in Chromium…');
    results.push(await runColdStartBench(browser, options, progress));
  } finally {
    await browser.close();
  }
  return results;
}
