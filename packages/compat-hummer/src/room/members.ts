/** The ChatRoom's membership, messages, history and moderation (hummer.md §2.3, §3.2): one file per area under `members/`. */
export { fetchHistoryMessages } from './members/history.js';
export { dismissChatRoom, getChatRoomUserCount, getUserList, joinChatRoom, leaveChatRoom } from './members/lifecycle.js';
export { getMutedUserList, kickOffUser, muteUser, unMuteUser } from './members/moderation.js';
export { sendGroupMessage, sendSingleUserMessage, sendTextChat } from './members/send.js';
export { wireMembers } from './members/wire.js';
