import '../../index.js';

/**
 * The conversation methods that load on their first call: a conversation's profile,
 * per-conversation settings, deletion, read-all and conversation groups.
 */
export { clearHistoryMessage, deleteConversation, markConversation, pinConversation, setAllMessageRead, setConversationCustomData, setMessageRemindType } from './edit.js';
export { addConversationsToGroup, createConversationGroup, deleteConversationGroup, deleteConversationsFromGroup, getConversationGroupList, renameConversationGroup } from './folders.js';
export { getConversationProfile } from './profile.js';
