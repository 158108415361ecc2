/**
 * The ChatRoom's attribute reads and events that a room page needs from the start; attribute
 * writes, managers, user and extra attributes load on first call (on-demand.ts).
 */
export { getChatRoomAttributes } from './attributes/basic.js';
export { wireAttributes } from './attributes/events.js';
