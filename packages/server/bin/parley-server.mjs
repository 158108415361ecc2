#!/usr/bin/env node
// The `parley-server` command. It runs the built code (`pnpm build` first); all logic is in src/cli.ts.
import { main } from '../dist/cli.js';

const code = await main(process.argv.slice(2), process.env);
process.exitCode = code;
// Exit once both streams have flushed: where pipes are asynchronous (macOS, Windows) an
// immediate exit would cut `--help` short, and leftover handles must not keep the process up.
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
