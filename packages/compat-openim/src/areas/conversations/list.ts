import { RequestFunc } from '../../constants.js';
import type { ConversationItem } from '../../convert/conversation.js';
import type { OpenImCore } from '../../core.js';
import type { MethodSpec } from '../../method.js';
import { ensureProfiles, knownRows, listedItems } from './state.js';

/** Every listed conversation, in the list's order, with the single-chat peers' profiles fetched. */
export async function allConversations(core: OpenImCore): Promise<ConversationItem[]> {
  const client = core.client;
  await ensureProfiles(client, knownRows(client));
  return listedItems(core, client);
}

/**
 * `getAllConversationList` (openim.md §2.7), which a chat page calls to start; the other
 * conversation methods (`methods.ts`) load on their first call.
 */
export const getAllConversationList: MethodSpec = { event: RequestFunc.GETALLCONVERSATIONLIST, kind: 'conversations', noData: true, run: (core) => allConversations(core) };
