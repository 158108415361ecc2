import '../../index.js';

/**
 * The messages area's methods that load on their first call: history pages, read marks,
 * receipts, extensions, merged messages, translation, revoke, modify and delete.
 */
export { deleteMessage, modifyMessage, revokeMessage } from './edit.js';
export { deleteMessageExtensions, downloadMergeMessage, getGroupMessageReadMemberList, getMessageExtensions, getMessageReadReceiptList, sendMessageReadReceipt, setMessageExtensions, translateText } from './extras.js';
export { getMessageList, getMessageListHopping, setMessageRead } from './list.js';
