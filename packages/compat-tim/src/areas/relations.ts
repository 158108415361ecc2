import '../index.js';

/**
 * The relations area (tim.md §2.2): profiles, the blacklist, user status, friends, friend
 * requests and friend groups, over `contactsOf(client)`. The friend methods work in every
 * build: tim-js-sdk's default build refuses them with 2998, which a drop-in replacement does
 * not reproduce (tim.md §1.1 [I]).
 */
export { acceptFriendApplication, deleteFriendApplication, getFriendApplicationList, refuseFriendApplication, setFriendApplicationRead } from './relations/applications.js';
export { addToBlacklist, getBlacklist, removeFromBlacklist } from './relations/blacklist.js';
export { addToFriendGroup, createFriendGroup, deleteFriendGroup, getFriendGroupList, removeFromFriendGroup, renameFriendGroup } from './relations/friend-groups.js';
export { addFriend, checkFriend, deleteFriend, getFriendList, getFriendProfile, updateFriend } from './relations/friends.js';
export { getMyProfile, getUserProfile, updateMyProfile } from './relations/profiles.js';
export { getUserStatus, setSelfStatus, subscribeUserStatus, unsubscribeUserStatus } from './relations/status.js';
