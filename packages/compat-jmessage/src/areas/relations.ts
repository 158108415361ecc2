/**
 * The JMessage relations area (jmessage.md §2.6–§2.8, §3.4): friends, blacklist, no-disturb and
 * group shield, and the events 5, 6, 7, 37 and 38.
 */
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
export { relationsWiring } from './relations/wiring.js';
