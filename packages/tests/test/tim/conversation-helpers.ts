import { type Client, createText } from '@parley/core';
import type { TimPage } from '../helpers/tim.js';

// Shared by the TIM conversation tests: reading CONVERSATION_LIST_UPDATED and friends.

/** The fields of a TIM Conversation the tests read. */
export interface Conv {
  conversationID: string;
  type: string;
  subType: string;
  unreadCount: number;
  isPinned: boolean;
  customData: string;
  markList: number[];
  messageRemindType: string;
  conversationGroupList: string[];
  userProfile?: { userID: string; nick: string; avatar: string };
  groupProfile?: { groupID: string; name: string; type: string };
  lastMessage: { lastTime: number; lastSequence: number; fromAccount: string; messageForShow: string; type: string; payload: unknown };
}

/** Sends a text from a core client. */
export const say = (client: Client, convId: string, text: string) => client.send({ convId, ...createText(text) });

/** The data of the newest emission of an event. */
export function latest<T>(page: TimPage, name: string): T | undefined {
  return page.seen(name).at(-1) as T | undefined;
}

/** The newest CONVERSATION_LIST_UPDATED list. */
export function listed(page: TimPage): Conv[] {
  return latest<Conv[]>(page, page.TIM.EVENT.CONVERSATION_LIST_UPDATED) ?? [];
}

/** A conversation of the newest list. */
export function find(page: TimPage, conversationID: string): Conv | undefined {
  return listed(page).find((c) => c.conversationID === conversationID);
}

// The runtime takes a filter (tim.md §2.1 row 19) the .d.ts of 2.27.6 does not declare.
export async function listOf(page: TimPage, options?: unknown): Promise<Conv[]> {
  const tim = page.tim as unknown as { getConversationList(options?: unknown): Promise<{ data: { conversationList: Conv[] } }> };
  return (await tim.getConversationList(options)).data.conversationList;
}
