/**
 * The script-tag bundle's entry (`dist/jmessage-sdk-web.min.js`): defines the global `JMessage`
 * exactly where the vendor file did, and `JMessage.configure` for the server address.
 */
import { configure } from '@parley/shim-kit';
import { JMessage } from './sdk.js';

(globalThis as Record<string, unknown>).JMessage = Object.assign(JMessage, { configure });
