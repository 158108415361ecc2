/** Users, friends, user attributes and passengers (maxleap.md §2.3 #1–4, #25–32, §2.5). */
export { coverSetUserAttributes, getUserAttributes, getUserOneAttribute, rmUserAttributes, setUserAttributes } from './users/attributes.js';
export { searchUsers, type UserHit, type UserInfo, userInfo } from './users/directory.js';
export { addFriend, type Friendship, getFriendshipInfo, listFriends, rmFriend } from './users/friends.js';
export { addOrModifyPassenger, getPassenger } from './users/passengers.js';
