/** `onEventNotification` event types (jmessage.md §3.4); an enum, so that bundlers inline the values where they are used. */
export enum EventType {
  LOGIN_ELSEWHERE = 1,
  PASSWORD_CHANGED = 2,
  FRIEND_INVITATION = 5,
  FRIEND_DELETED = 6,
  FRIEND_UPDATED = 7,
  GROUP_CREATED = 8,
  GROUP_MEMBER_EXIT = 9,
  GROUP_MEMBERS_ADDED = 10,
  GROUP_MEMBERS_REMOVED = 11,
  GROUP_INFO_UPDATED = 12,
  NO_DISTURB_CHANGED = 37,
  BLACKLIST_CHANGED = 38,
}
