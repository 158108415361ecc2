/**
 * `ChatSDK`: the instance `TIM.create` returns. Every method is a one-line delegate to its
 * area (`areas/*.ts`) through {@link TimCore.call} (async: gated until SDK_READY, resolving
 * `{ code: 0, data }`, rejecting a `TimError`) or {@link TimCore.callSync} (the synchronous
 * creators and getters, which return a rejected promise when not ready, as tim-js-sdk's do).
 * What a chat page needs from its start is here; the other areas load on their first call
 * (`areas/lazy-areas.ts`), their argument checks staying here (each area's `checks.ts`).
 */

import * as conversationChecks from './areas/conversations/checks.js';
import * as conversations from './areas/conversations.js';
import * as groupChecks from './areas/groups/checks.js';
import * as groupMemberChecks from './areas/groups/member-checks.js';
import { conversationsLater, groupsArea, messagesLater, relationsArea } from './areas/lazy-areas.js';
import * as messageChecks from './areas/messages/checks.js';
import * as messages from './areas/messages.js';
import * as relationChecks from './areas/relations/checks.js';
import { EVENT } from './constants.js';
import type { TimCore } from './core.js';
import { TimCode, TimError } from './errors.js';
import { LazyArea } from './lazy.js';
import { setLogLevel } from './log.js';
import type {
  ACCEPT_FRIEND_APPLICATION_OPTIONS,
  ADD_CONVERSATIONS_TO_GROUP_OPTIONS,
  ADD_FRIEND_OPTIONS,
  ADD_GROUP_MEMBER_OPTIONS,
  ADD_TO_BLOCKLIST_LIST_OPTIONS,
  ADD_TO_FRIEND_GROUP_OPTIONS,
  CHANGE_GROUP_OWNER_OPTIONS,
  CHECK_FRIEND_OPTIONS,
  CREATE_CONVERSATION_GROUP_OPTIONS,
  CREATE_FRIEND_GROUP_OPTIONS,
  CREATE_GROUP_OPTIONS,
  CREATE_TOPIC_IN_COMMUNICATION_OPTIONS,
  DECREASE_GROUP_COUNTER_OPTIONS,
  DELETE_CONVERSATION_OPTIONS,
  DELETE_CONVERSATIONS_FROM_GROUP_OPTIONS,
  DELETE_FRIEND_APPLICATION_OPTIONS,
  DELETE_FRIEND_GROUP_OPTIONS,
  DELETE_FRIEND_OPTIONS,
  DELETE_GROUP_ATTRIBUTE_OPTIONS,
  DELETE_GROUP_MEMBER_OPTIONS,
  DELETE_TOPIC_FROM_COMMUNICATION_OPTIONS,
  GET_FRIEND_PROFILE_OPTIONS,
  GET_GROUP_ATTRIBUTE_OPTIONS,
  GET_GROUP_COUNTERS_OPTIONS,
  GET_GROUP_LIST_OPTIONS,
  GET_GROUP_MEMBER_LIST_OPTIONS,
  GET_GROUP_MEMBER_PROFILE_OPTIONS,
  GET_GROUP_MESSAGE_READ_MEMBER_LIST_OPTIONS,
  GET_GROUP_PROFILE_OPTIONS,
  GET_MESSAGE_LIST_HOPPING_OPTIONS,
  GET_MESSAGE_LIST_OPTIONS,
  GET_TOPIC_LIST_OPTIONS,
  GET_USER_PROFILE_OPTIONS,
  GET_USER_STATUS_OPTIONS,
  HANDLE_GROUP_APPLICATION_OPTIONS,
  INCREASE_GROUP_COUNTER_OPTIONS,
  INIT_GROUP_ATTRIBUTE_OPTIONS,
  JOIN_GROUP_OPTIONS,

  LOGIN_OPTIONS,
  MARK_CONVERSATION_OPTIONS,
  MARK_GROUP_MEMBER_LIST_OPTIONS,
  MESSAGE_OPTIONS,
  Message,
  PIN_CONVERSATION_OPTIONS,
  REFUSE_FRIEND_APPLICATION_OPTIONS,
  REMOVE_FROM_BLOCKLIST_LIST_OPTIONS,
  REMOVE_FROM_FRIEND_GROUP_OPTIONS,
  RENAME_CONVERSATION_GROUP_OPTIONS,
  RENAME_FRIEND_GROUP_OPTIONS,
  SEND_MESSAGE_OPTIONS,
  SET_ALL_MESSAGE_READ_OPTIONS,
  SET_CONVERSATION_CUSTOM_DATA_OPTIONS,
  SET_GROUP_ATTRIBUTE_OPTIONS,
  SET_GROUP_COUNTER_OPTIONS,
  SET_GROUP_MEMBER_CUSTOM_FIELD_OPTIONS,
  SET_GROUP_MEMBER_MUTE_TIME_OPTIONS,
  SET_GROUP_MEMBER_NAME_CARD_OPTIONS,
  SET_GROUP_MEMBER_ROLE_OPTIONS,
  SET_MESSAGE_READ_OPTIONS,
  SET_MESSAGE_REMIND_TYPE_OPTIONS,
  SET_SELF_STATUS_OPTIONS,
  SUBSCRIBE_USER_STATUS_OPTIONS,
  TimResponse,
  TRANSLATE_TEXT_OPTIONS,
  UNSUBSCRIBE_USER_STATUS_OPTIONS,
  UPDATE_FRIEND_OPTIONS,
  UPDATE_GROUP_PROFILE_OPTIONS,
  UPDATE_MY_PROFILE_OPTIONS,
  UPDATE_TOPIC_PROFILE_OPTIONS,
} from './types.js';

/** A TIM event handler: receives `{ name, data }`. */
// biome-ignore lint/complexity/noBannedTypes: the vendor's declarations type handlers as Function.
export type EventHandler = Function;

const cores = new WeakMap<object, TimCore>();

function coreOf(sdk: object): TimCore {
  const tim = cores.get(sdk);
  if (!tim) throw new TypeError('not a ChatSDK made by TIM.create');
  return tim;
}

// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the class's methods are installed from the delegate table.
export class ChatSDK {
  /** @internal use `TIM.create`. */
  constructor(tim: TimCore) {
    cores.set(this, tim);
  }

  get #tim(): TimCore {
    return coreOf(this);
  }

  /**
   * Logs in with a UserSig the server checks with the app's secret key. Resolves before
   * SDK_READY; wait for that event before calling gated APIs.
   * @throws {TimError} 2002/2003 without userID/userSig, 2025 while a login is pending, the server's 700xx for a bad UserSig.
   */
  login(options: LOGIN_OPTIONS): Promise<TimResponse> {
    const { userID, userSig } = (options ?? {}) as Partial<LOGIN_OPTIONS>;
    if (!this.#tim.options.SDKAppID) return Promise.reject(new TimError({ code: TimCode.NO_SDKAPPID }));
    if (typeof userID !== 'string' || !userID) return Promise.reject(new TimError({ code: TimCode.NO_IDENTIFIER }));
    if (typeof userSig !== 'string' || !userSig) return Promise.reject(new TimError({ code: TimCode.NO_USERSIG }));
    return this.#tim.call('login', () => this.#tim.login(userID, userSig));
  }

  /** Logs out of this instance only; emits SDK_NOT_READY. */
  logout(): Promise<TimResponse> {
    return this.#tim.call('logout', () => this.#tim.logout());
  }

  /** Logs out, closes the connection and frees the instance; emits SDK_DESTROY. */
  destroy(): Promise<TimResponse> {
    return this.#tim.call('destroy', async () => {
      await this.#tim.logout();
      this.#tim.emit(EVENT.SDK_DESTROY, { SDKAppID: this.#tim.options.SDKAppID });
    });
  }

  /** Listens to a `TIM.EVENT`; the handler receives `{ name, data }`. */
  on(eventName: string, handler: EventHandler, context?: unknown): void {
    this.#tim.on(eventName, handler as never, context);
  }

  /** Listens once. */
  once(eventName: string, handler: EventHandler, context?: unknown): void {
    this.#tim.on(eventName, handler as never, context, true);
  }

  off(eventName: string, handler: EventHandler, context?: unknown): void {
    this.#tim.off(eventName, handler as never, context);
  }

  /**
   * Accepts the upload plugins apps register (`tim-upload-plugin`, `cos-js-sdk`, `cos-wx-sdk`,
   * …) under any key. None is needed: files go to the Parley server.
   */
  registerPlugin(options: object): void {
    if (options && typeof options === 'object') Object.assign(this.#tim.plugins, options);
  }

  /** 0 verbose, 1 release, 2 warnings, 3 errors, 4 silent. */
  setLogLevel(level: number): void {
    setLogLevel(level);
  }

  /**
   * The runtime-only dispatcher of tim-js-sdk: `handleGroupInvitation`, `isCommercialAbilityEnabled`
   * (true), `isIntl` (false); TRTC calls (`sendComboMessage`, `sendTRTCCustomData`) reject with 2905.
   */
  callExperimentalAPI(api: string, options?: unknown): Promise<TimResponse> {
    return later(this.#tim, 'callExperimentalAPI', groupsArea as LazyArea<Area>, groupChecks, [api, options]);
  }

  /** The runtime name of `downloadMergeMessage` (the `.d.ts` misspells it; both work). */
  downloadMergerMessage(message: Message): Promise<TimResponse> {
    return later(this.#tim, 'downloadMergerMessage', messagesLater as LazyArea<Area>, messageChecks, [message], 'downloadMergeMessage');
  }

  /** Lists the join requests waiting for this user (runtime-only in tim-js-sdk). */
  getGroupApplicationList(): Promise<TimResponse> {
    return later(this.#tim, 'getGroupApplicationList', groupsArea as LazyArea<Area>, groupChecks, []);
  }
}

/** The vendor API of a ChatSDK, each method a delegate to its area (installed below). */
export interface ChatSDK {
  createTextMessage(options: MESSAGE_OPTIONS): Message;
  createTextAtMessage(options: MESSAGE_OPTIONS): Message;
  createImageMessage(options: MESSAGE_OPTIONS): Message;
  createAudioMessage(options: MESSAGE_OPTIONS): Message;
  createVideoMessage(options: MESSAGE_OPTIONS): Message;
  createCustomMessage(options: MESSAGE_OPTIONS): Message;
  createFaceMessage(options: MESSAGE_OPTIONS): Message;
  createFileMessage(options: MESSAGE_OPTIONS): Message;
  createLocationMessage(options: MESSAGE_OPTIONS): Message;
  createMergerMessage(options: MESSAGE_OPTIONS): Message;
  downloadMergeMessage(message: Message): Promise<TimResponse>;
  createForwardMessage(options: MESSAGE_OPTIONS): Message;
  sendMessage(message: Message, options?: SEND_MESSAGE_OPTIONS): Promise<TimResponse>;
  revokeMessage(message: Message): Promise<TimResponse>;
  resendMessage(message: Message): Promise<TimResponse>;
  deleteMessage(messageList: Message[]): Promise<TimResponse>;
  translateText(options: TRANSLATE_TEXT_OPTIONS): Promise<TimResponse>;
  setMessageExtensions(message: Message, extensions: unknown[]): Promise<TimResponse>;
  getMessageExtensions(message: Message, keyList?: string[]): Promise<TimResponse>;
  deleteMessageExtensions(message: Message, keyList?: string[]): Promise<TimResponse>;
  modifyMessage(message: Message): Promise<TimResponse>;
  getMessageList(options: GET_MESSAGE_LIST_OPTIONS): Promise<TimResponse>;
  getMessageListHopping(options: GET_MESSAGE_LIST_HOPPING_OPTIONS): Promise<TimResponse>;
  setMessageRead(options: SET_MESSAGE_READ_OPTIONS): Promise<TimResponse>;
  sendMessageReadReceipt(messageList: Message[]): Promise<TimResponse>;
  getMessageReadReceiptList(messageList: Message[]): Promise<TimResponse>;
  getGroupMessageReadMemberList(options: GET_GROUP_MESSAGE_READ_MEMBER_LIST_OPTIONS): Promise<TimResponse>;
  findMessage(messageID: string): Message | null;
  getConversationList(options?: readonly string[] | { type?: string; markType?: number; groupName?: string }): Promise<TimResponse>;
  getConversationProfile(conversationID: string): Promise<TimResponse>;
  deleteConversation(conversationID: string | DELETE_CONVERSATION_OPTIONS): Promise<TimResponse>;
  clearHistoryMessage(conversationID: string): Promise<TimResponse>;
  pinConversation(options: PIN_CONVERSATION_OPTIONS): Promise<TimResponse>;
  setAllMessageRead(options: SET_ALL_MESSAGE_READ_OPTIONS): Promise<TimResponse>;
  setMessageRemindType(options: SET_MESSAGE_REMIND_TYPE_OPTIONS): Promise<TimResponse>;
  getTotalUnreadMessageCount(): number;
  setConversationCustomData(options: SET_CONVERSATION_CUSTOM_DATA_OPTIONS): Promise<TimResponse>;
  markConversation(options: MARK_CONVERSATION_OPTIONS): Promise<TimResponse>;
  getConversationGroupList(): Promise<TimResponse>;
  createConversationGroup(options: CREATE_CONVERSATION_GROUP_OPTIONS): Promise<TimResponse>;
  deleteConversationGroup(groupName: string): Promise<TimResponse>;
  renameConversationGroup(options: RENAME_CONVERSATION_GROUP_OPTIONS): Promise<TimResponse>;
  addConversationsToGroup(options: ADD_CONVERSATIONS_TO_GROUP_OPTIONS): Promise<TimResponse>;
  deleteConversationsFromGroup(options: DELETE_CONVERSATIONS_FROM_GROUP_OPTIONS): Promise<TimResponse>;
  getMyProfile(): Promise<TimResponse>;
  getUserProfile(options: GET_USER_PROFILE_OPTIONS): Promise<TimResponse>;
  updateMyProfile(options: UPDATE_MY_PROFILE_OPTIONS): Promise<TimResponse>;
  getBlacklist(): Promise<TimResponse>;
  addToBlacklist(options: ADD_TO_BLOCKLIST_LIST_OPTIONS): Promise<TimResponse>;
  removeFromBlacklist(options: REMOVE_FROM_BLOCKLIST_LIST_OPTIONS): Promise<TimResponse>;
  setSelfStatus(options: SET_SELF_STATUS_OPTIONS): Promise<TimResponse>;
  getUserStatus(options: GET_USER_STATUS_OPTIONS): Promise<TimResponse>;
  subscribeUserStatus(options: SUBSCRIBE_USER_STATUS_OPTIONS): Promise<TimResponse>;
  unsubscribeUserStatus(options?: UNSUBSCRIBE_USER_STATUS_OPTIONS): Promise<TimResponse>;
  getFriendList(): Promise<TimResponse>;
  addFriend(options: ADD_FRIEND_OPTIONS): Promise<TimResponse>;
  deleteFriend(options: DELETE_FRIEND_OPTIONS): Promise<TimResponse>;
  checkFriend(options: CHECK_FRIEND_OPTIONS): Promise<TimResponse>;
  getFriendProfile(options: GET_FRIEND_PROFILE_OPTIONS): Promise<TimResponse>;
  updateFriend(options: UPDATE_FRIEND_OPTIONS): Promise<TimResponse>;
  getFriendApplicationList(): Promise<TimResponse>;
  acceptFriendApplication(options: ACCEPT_FRIEND_APPLICATION_OPTIONS): Promise<TimResponse>;
  refuseFriendApplication(options: REFUSE_FRIEND_APPLICATION_OPTIONS): Promise<TimResponse>;
  deleteFriendApplication(options: DELETE_FRIEND_APPLICATION_OPTIONS): Promise<TimResponse>;
  setFriendApplicationRead(): Promise<TimResponse>;
  getFriendGroupList(): Promise<TimResponse>;
  createFriendGroup(options: CREATE_FRIEND_GROUP_OPTIONS): Promise<TimResponse>;
  deleteFriendGroup(options: DELETE_FRIEND_GROUP_OPTIONS): Promise<TimResponse>;
  addToFriendGroup(options: ADD_TO_FRIEND_GROUP_OPTIONS): Promise<TimResponse>;
  removeFromFriendGroup(options: REMOVE_FROM_FRIEND_GROUP_OPTIONS): Promise<TimResponse>;
  renameFriendGroup(options: RENAME_FRIEND_GROUP_OPTIONS): Promise<TimResponse>;
  getGroupList(options?: GET_GROUP_LIST_OPTIONS): Promise<TimResponse>;
  getGroupProfile(options: GET_GROUP_PROFILE_OPTIONS): Promise<TimResponse>;
  createGroup(options: CREATE_GROUP_OPTIONS): Promise<TimResponse>;
  dismissGroup(groupID: string): Promise<TimResponse>;
  updateGroupProfile(options: UPDATE_GROUP_PROFILE_OPTIONS): Promise<TimResponse>;
  joinGroup(options: JOIN_GROUP_OPTIONS): Promise<TimResponse>;
  quitGroup(groupID: string): Promise<TimResponse>;
  searchGroupByID(groupID: string): Promise<TimResponse>;
  getGroupOnlineMemberCount(groupID: string): Promise<TimResponse>;
  changeGroupOwner(options: CHANGE_GROUP_OWNER_OPTIONS): Promise<TimResponse>;
  handleGroupApplication(options: HANDLE_GROUP_APPLICATION_OPTIONS): Promise<TimResponse>;
  initGroupAttributes(options: INIT_GROUP_ATTRIBUTE_OPTIONS): Promise<TimResponse>;
  setGroupAttributes(options: SET_GROUP_ATTRIBUTE_OPTIONS): Promise<TimResponse>;
  deleteGroupAttributes(options: DELETE_GROUP_ATTRIBUTE_OPTIONS): Promise<TimResponse>;
  getGroupAttributes(options: GET_GROUP_ATTRIBUTE_OPTIONS): Promise<TimResponse>;
  setGroupCounters(options: SET_GROUP_COUNTER_OPTIONS): Promise<TimResponse>;
  increaseGroupCounter(options: INCREASE_GROUP_COUNTER_OPTIONS): Promise<TimResponse>;
  decreaseGroupCounter(options: DECREASE_GROUP_COUNTER_OPTIONS): Promise<TimResponse>;
  getGroupCounters(options: GET_GROUP_COUNTERS_OPTIONS): Promise<TimResponse>;
  getGroupMemberList(options: GET_GROUP_MEMBER_LIST_OPTIONS): Promise<TimResponse>;
  getGroupMemberProfile(options: GET_GROUP_MEMBER_PROFILE_OPTIONS): Promise<TimResponse>;
  addGroupMember(options: ADD_GROUP_MEMBER_OPTIONS): Promise<TimResponse>;
  deleteGroupMember(options: DELETE_GROUP_MEMBER_OPTIONS): Promise<TimResponse>;
  setGroupMemberMuteTime(options: SET_GROUP_MEMBER_MUTE_TIME_OPTIONS): Promise<TimResponse>;
  setGroupMemberRole(options: SET_GROUP_MEMBER_ROLE_OPTIONS): Promise<TimResponse>;
  setGroupMemberNameCard(options: SET_GROUP_MEMBER_NAME_CARD_OPTIONS): Promise<TimResponse>;
  setGroupMemberCustomField(options: SET_GROUP_MEMBER_CUSTOM_FIELD_OPTIONS): Promise<TimResponse>;
  markGroupMemberList(options: MARK_GROUP_MEMBER_LIST_OPTIONS): Promise<TimResponse>;
  getJoinedCommunityList(): Promise<TimResponse>;
  createTopicInCommunity(options: CREATE_TOPIC_IN_COMMUNICATION_OPTIONS): Promise<TimResponse>;
  deleteTopicFromCommunity(options: DELETE_TOPIC_FROM_COMMUNICATION_OPTIONS): Promise<TimResponse>;
  updateTopicProfile(options: UPDATE_TOPIC_PROFILE_OPTIONS): Promise<TimResponse>;
  getTopicList(options: GET_TOPIC_LIST_OPTIONS): Promise<TimResponse>;
}

/** Synchronous APIs: a plain result when ready, a rejected promise otherwise (as tim-js-sdk). */
const SYNC = new Set(['createAudioMessage', 'createCustomMessage', 'createFaceMessage', 'createFileMessage', 'createForwardMessage', 'createImageMessage', 'createLocationMessage', 'createMergerMessage', 'createTextAtMessage', 'createTextMessage', 'createVideoMessage', 'findMessage', 'getTotalUnreadMessageCount']);

type Area = Record<string, unknown>;
type Fn = (tim: TimCore, ...args: unknown[]) => unknown;

/**
 * Runs an async API of an area that loads on first use: gated, its argument check at once (the
 * vendor's facade throws synchronously for bad arguments, loaded or not), then the method, at
 * once when its area is loaded, else when it has loaded (calls keep their order).
 */
function later(tim: TimCore, name: string, area: LazyArea<Area>, checks: object, args: unknown[], fnName = name): Promise<TimResponse> {
  return tim.call(name, () => {
    (checks as Record<string, Fn | undefined>)[name]?.(tim, ...args);
    return area.run((module) => (module[fnName] as Fn)(tim, ...args));
  });
}

/**
 * Installs `ChatSDK.prototype[name]` for each name of an area: gated, and wrapped into
 * `{ code, data }` for async APIs. A table instead of ~110 hand-written methods keeps the bundle
 * small. An area behind a {@link LazyArea} loads on its first call (`checks`: the argument
 * checks of its methods, which run before it has loaded).
 */
function install(area: Area | LazyArea<Area>, names: string, checks: object = {}): void {
  for (const name of names.split(' ')) {
    const value =
      area instanceof LazyArea
        ? function (this: ChatSDK, ...args: unknown[]) {
            return later(coreOf(this), name, area, checks, args);
          }
        : function (this: ChatSDK, ...args: unknown[]) {
            const tim = coreOf(this);
            const fn = area[name] as Fn;
            return SYNC.has(name) ? tim.callSync(name, () => fn(tim, ...args)) : tim.call(name, () => fn(tim, ...args));
          };
    Object.defineProperty(ChatSDK.prototype, name, { configurable: true, writable: true, value });
  }
}

install(messages as unknown as Area, 'createTextMessage createTextAtMessage createImageMessage createAudioMessage createVideoMessage createCustomMessage createFaceMessage createFileMessage createLocationMessage createMergerMessage createForwardMessage sendMessage resendMessage findMessage');
install(messagesLater as LazyArea<Area>, 'downloadMergeMessage revokeMessage deleteMessage translateText setMessageExtensions getMessageExtensions deleteMessageExtensions modifyMessage getMessageList getMessageListHopping setMessageRead sendMessageReadReceipt getMessageReadReceiptList getGroupMessageReadMemberList', messageChecks);
install(conversations as unknown as Area, 'getConversationList getTotalUnreadMessageCount');
install(conversationsLater as LazyArea<Area>, 'getConversationProfile deleteConversation clearHistoryMessage pinConversation setAllMessageRead setMessageRemindType setConversationCustomData markConversation getConversationGroupList createConversationGroup deleteConversationGroup renameConversationGroup addConversationsToGroup deleteConversationsFromGroup', conversationChecks);
install(relationsArea as LazyArea<Area>, 'getMyProfile getUserProfile updateMyProfile getBlacklist addToBlacklist removeFromBlacklist setSelfStatus getUserStatus subscribeUserStatus unsubscribeUserStatus getFriendList addFriend deleteFriend checkFriend getFriendProfile updateFriend getFriendApplicationList acceptFriendApplication refuseFriendApplication deleteFriendApplication setFriendApplicationRead getFriendGroupList createFriendGroup deleteFriendGroup addToFriendGroup removeFromFriendGroup renameFriendGroup', relationChecks);
install(groupsArea as LazyArea<Area>, 'getGroupList getGroupProfile createGroup dismissGroup updateGroupProfile joinGroup quitGroup searchGroupByID getGroupOnlineMemberCount changeGroupOwner handleGroupApplication initGroupAttributes setGroupAttributes deleteGroupAttributes getGroupAttributes setGroupCounters increaseGroupCounter decreaseGroupCounter getGroupCounters', groupChecks);
install(groupsArea as LazyArea<Area>, 'getGroupMemberList getGroupMemberProfile addGroupMember deleteGroupMember setGroupMemberMuteTime setGroupMemberRole setGroupMemberNameCard setGroupMemberCustomField markGroupMemberList getJoinedCommunityList createTopicInCommunity deleteTopicFromCommunity updateTopicProfile getTopicList', groupMemberChecks);
