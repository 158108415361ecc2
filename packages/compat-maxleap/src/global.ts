/**
 * The script-tag bundle's entry (`dist/ML.im.js`): `ML.im` on the global `ML`, reusing an `ML`
 * object another MaxLeap SDK defined already, as the vendor file does; `ML.im.configure` sets
 * the server address.
 */
import { configure } from '@parley/shim-kit';
import { im } from './im.js';

const g = globalThis as { ML?: Record<string, unknown> };
g.ML = g.ML ?? {};
g.ML.im = Object.assign(im, { configure });
