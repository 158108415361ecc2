#!/usr/bin/env node
// Builds the script-tag bundle `dist/hummer-chatroom-sdk.js`, a drop-in for the vendor's file of the same name
// that defines the global Hummer.
//
//   node scripts/bundle.mjs            write dist/hummer-chatroom-sdk.js
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleGlobal, writeGlobalBundle } from '@parley/shim-kit/scripts/bundle-global.mjs';

const pkgDir = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The bundle's text (tests load it into a real browser). */
export const bundleScript = () => bundleGlobal(pkgDir);

if (process.argv[1] === fileURLToPath(import.meta.url)) await writeGlobalBundle(pkgDir, 'hummer-chatroom-sdk.js');
