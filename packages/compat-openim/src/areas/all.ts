import type { Area } from '../method.js';
import { conversationsArea } from './conversations/index.js';
import { groupsArea } from './groups/index.js';
import { messagesArea } from './messages/index.js';
import { relationsArea } from './relations/index.js';
import { sessionMethods } from './session.js';

/**
 * Every area, each a method table and its event translation, all loaded up front: what the 3.x
 * `getSDK()` object runs on. (The 2.x `OpenIMSDK` loads the areas a chat page does not need to
 * start on their first call: see `sdk.ts`.)
 */
export const AREAS: readonly Area[] = [{ methods: sessionMethods, wirings: [] }, messagesArea, conversationsArea, relationsArea, groupsArea];
