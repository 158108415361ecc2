/** The ChatRoom's attribute calls and events: basic attributes and managers, user attributes, extra attributes. */
export { getChatRoomAttributes, getChatRoomManager, updateChatRoomAttributes } from './attributes/basic.js';
export { wireAttributes } from './attributes/events.js';
export { clearRoomExtraAttributes, deleteRoomExtraAttributes, fetchRoomExtraAttributes, setRoomExtraAttributes, updateRoomExtraAttributes } from './attributes/extra.js';
export { getUserAttributesList, setUserAttributes } from './attributes/user.js';
