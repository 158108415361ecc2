/**
 * The methods a chat page does not need to start, in one module that `JMessage` loads on the
 * first call of any of them (JmCore.defer): the user profile calls, picture, file, location and
 * custom sends, `getResource`, friends, blacklist, no-disturb and group shield, and group
 * management. One module rather than one per area: app bundlers make a chunk for every set of
 * dynamic imports a module is shared with, so each extra lazy module splits the code loaded up
 * front into more, worse-compressing chunks.
 *
 * Always there (sdk.ts): init, register, login, the listeners and their wiring, the text sends,
 * `getConversation` and `getGroups`.
 */
export { createGroup, exitGroup, getGroupInfo, updateGroupInfo } from './groups/manage.js';
export { addGroupMembers, delGroupMembers, getGroupMembers } from './groups/members.js';
export { pageBack } from './messages/page-back.js';
export { getResource } from './messages/resource.js';
export { sendGroupCustom, sendGroupFile, sendGroupLocation, sendGroupPic, sendSingleCustom, sendSingleFile, sendSingleLocation, sendSinglePic } from './messages/send-media.js';
export { addSingleBlacks, delSingleBlacks, getBlacks } from './relations/blacklist.js';
export { addFriend, delFriend, getFriendList, updateFriendMemo } from './relations/friends.js';
export {
  addGlobalNoDisturb,
  addGroupNoDisturb,
  addGroupShield,
  addSingleNoDisturb,
  delGlobalNoDisturb,
  delGroupNoDisturb,
  delGroupShield,
  delSingleNoDisturb,
  getNoDisturb,
} from './relations/no-disturb.js';
export { getUserInfo, updateSelfAvatar, updateSelfInfo, updateSelfPwd } from './users.js';
