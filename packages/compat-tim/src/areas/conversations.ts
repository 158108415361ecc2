/**
 * The conversations area of tim-js-sdk (tim.md §2.1 rows 19–21 and 30, §2.2) that a chat page
 * needs from its start: the list, the total unread count and their events. Per-conversation
 * settings (pin, remind type, custom data, marks), profiles, deletion, read-all and
 * conversation groups (the core's folders) load on their first call (`conversations/later.ts`;
 * their argument checks are in `conversations/checks.ts`).
 */
export { getConversationList, getTotalUnreadMessageCount, wireConversations } from './conversations/list.js';
