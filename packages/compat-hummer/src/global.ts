/** The script-tag bundle's entry: defines the global `Hummer`, as the vendor's file did. */
import Hummer from './index.js';

(globalThis as Record<string, unknown>).Hummer = Hummer;
