/**
 * The conversations area of tim-js-sdk (tim.md §2.1 rows 19–21 and 30, §2.2): the list and its
 * events, per-conversation settings (pin, remind type, custom data, marks), deletion, read-all,
 * and conversation groups (the core's folders).
 */
export { getConversationList, getConversationProfile, getTotalUnreadMessageCount, wireConversations } from './conversations/list.js';
export { clearHistoryMessage, deleteConversation, markConversation, pinConversation, setAllMessageRead, setConversationCustomData, setMessageRemindType } from './conversations/edit.js';
export { addConversationsToGroup, createConversationGroup, deleteConversationGroup, deleteConversationsFromGroup, getConversationGroupList, renameConversationGroup } from './conversations/folders.js';
