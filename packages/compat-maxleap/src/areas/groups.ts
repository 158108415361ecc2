/** Groups and rooms (maxleap.md §2.3 #6–12, #14–19, #34–45, §2.5 `listRooms`), one file per part under `groups/`. */
export { coverSetGroupAttributes, getGroupAttributes, getGroupOneAttribute, rmGroupAttributes, searchGroups, setGroupAttributes } from './groups/group-attrs.js';
export { addGroup, addGroupMembers, getGroup, listGroups, rmGroup, rmGroupMembers, updateGroup } from './groups/groups.js';
export { coverSetRoomAttributes, getRoomAttributes, getRoomOneAttribute, rmRoomAttributes, searchRooms, setRoomAttributes } from './groups/room-attrs.js';
export { addRoom, addRoomMembers, getRoom, listRooms, rmRoom, rmRoomMembers, updateRoom } from './groups/rooms.js';
