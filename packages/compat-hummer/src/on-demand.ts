/**
 * The calls a live-room page does not need to start, in one module that the hummer and
 * ChatRoom objects load on the first call of any of them (HummerCore.defer): creating,
 * dismissing and counting rooms, presence, P2P sends and the offline P2P read-back, member
 * lists and moderation, basic-attribute writes and managers, user and extra attributes. One
 * module rather than one per area: app bundlers make a chunk for every set of dynamic imports a
 * module is shared with, so each extra lazy module splits the code loaded up front into more,
 * worse-compressing chunks.
 *
 * Always there: login and the session, events, joining and leaving, the three sends, history,
 * `getChatRoomAttributes`.
 */
import { clearRoomExtraAttributes, deleteRoomExtraAttributes, fetchRoomExtraAttributes, setRoomExtraAttributes, updateRoomExtraAttributes } from './room/attributes/extra.js';
import { getChatRoomManager, updateChatRoomAttributes } from './room/attributes/manage.js';
import { getUserAttributesList, setUserAttributes } from './room/attributes/user.js';
import { getUserList, getChatRoomUserCount as roomUserCount } from './room/members/directory.js';
import { dismissChatRoom as dismissRoom, getMutedUserList, kickOffUser, muteUser, unMuteUser } from './room/members/moderation.js';

export { createChatRoom, dismissChatRoom, fetchUserOnlineStatus, getChatRoomUserCount } from './areas/hummer.js';
export { readBack } from './areas/p2p-history.js';
export { sendP2PMessage } from './areas/p2p-send.js';
export { joinChannel, leaveChannel, sendP2CMessage } from './channel-calls.js';

/** The ChatRoom's on-demand calls, by method name (its hummer-level namesakes above take a `{region, roomid}` instead of a ChatRoom). */
export const room = {
  getUserList,
  muteUser,
  unMuteUser,
  getMutedUserList,
  kickOffUser,
  dismissChatRoom: dismissRoom,
  getChatRoomUserCount: roomUserCount,
  updateChatRoomAttributes,
  getChatRoomManager,
  setUserAttributes,
  getUserAttributesList,
  setRoomExtraAttributes,
  updateRoomExtraAttributes,
  deleteRoomExtraAttributes,
  clearRoomExtraAttributes,
  fetchRoomExtraAttributes,
};
