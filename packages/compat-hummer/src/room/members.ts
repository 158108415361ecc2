/**
 * The ChatRoom's membership, messages and history (hummer.md §2.3, §3.2) that a room page needs
 * from the start: one file per area under `members/`. Member lists, counts, moderation and
 * dismissal load on first call (on-demand.ts).
 */
export { fetchHistoryMessages } from './members/history.js';
export { joinChatRoom, leaveChatRoom } from './members/lifecycle.js';
export { sendGroupMessage, sendSingleUserMessage, sendTextChat } from './members/send.js';
export { wireMembers } from './members/wire.js';
