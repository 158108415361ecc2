import type { Area } from '../../method.js';
import { createMethods } from './create.js';
import { getHistoryMessageList } from './history.js';
import { localMethods } from './local.js';
import { readMethods } from './read.js';
import { revokeMethods } from './revoke.js';
import { searchMethods } from './search.js';
import { sendMethods } from './send.js';
import { wireMessages } from './wire.js';

/**
 * The messages area (openim.md §2.3–§2.6, §3.2–§3.3): creating, sending, history, revoke, read
 * marks, typing, the user's "local" store and local search, and the message-listener events.
 */
export const messagesArea: Area = {
  methods: { ...createMethods, ...sendMethods, getHistoryMessageList, ...revokeMethods, ...readMethods, ...localMethods, ...searchMethods },
  wirings: [wireMessages],
};
