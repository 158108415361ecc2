import '../index.js';

/**
 * The groups area (tim.md §2.1 #22–39, §4.4–4.8, §6.6–6.8, §6.12): groups, AVChatRooms (rooms in
 * the core), members, applications, attributes, counters, communities and topics, and the
 * runtime-only `callExperimentalAPI` / `getGroupApplicationList`. Each function takes the
 * instance first, returns the `data` of the vendor's response and throws on error. These load
 * on their first call (their argument checks are in `groups/checks.ts`); the event wiring
 * (`groups/wire.ts`) is in the page's first download.
 */
export { callExperimentalAPI, getGroupApplicationList, handleGroupApplication } from './groups/applications.js';
export { decreaseGroupCounter, deleteGroupAttributes, getGroupAttributes, getGroupCounters, increaseGroupCounter, initGroupAttributes, setGroupAttributes, setGroupCounters } from './groups/attrs.js';
export { changeGroupOwner, createGroup, dismissGroup, getGroupList, getGroupOnlineMemberCount, getGroupProfile, joinGroup, quitGroup, searchGroupByID, updateGroupProfile } from './groups/lifecycle.js';
export { addGroupMember, deleteGroupMember, getGroupMemberList, getGroupMemberProfile, markGroupMemberList, setGroupMemberCustomField, setGroupMemberMuteTime, setGroupMemberNameCard, setGroupMemberRole } from './groups/members.js';
export { sendToRoom } from './groups/rooms.js';
export { createTopicInCommunity, deleteTopicFromCommunity, getJoinedCommunityList, getTopicList, updateTopicProfile } from './groups/topics.js';
