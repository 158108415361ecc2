import { type Conversation, type Group, type GroupMember, GroupRole, GroupType, JoinOption, type Room } from '@parley/core/client';
import type { Topic } from '../types.js';

/** TIM group type names (`TIM.TYPES.GRP_*` values). */
export type TimGroupType = 'Private' | 'Public' | 'ChatRoom' | 'AVChatRoom' | 'Community';

/** The TIM group types `createGroup` accepts (2.27.6 refuses any other with 2600). */
export const TIM_GROUP_TYPES: ReadonlySet<string> = new Set<TimGroupType>(['Private', 'Public', 'ChatRoom', 'AVChatRoom', 'Community']);

/**
 * The TIM type of a core group type. `STANDARD` (the default of groups made by the other
 * vendors' shims) is shown as `'Public'`, as CAPABILITIES.md §1.8 decides: it is the preset a
 * TIM app treats the same way (members apply, the owner and admins manage). Topics belong to
 * communities and are shown as such.
 */
export function timGroupType(type: number | null | undefined): TimGroupType {
  switch (type ?? GroupType.STANDARD) {
    case GroupType.WORK:
      return 'Private';
    case GroupType.MEETING:
      return 'ChatRoom';
    case GroupType.COMMUNITY:
    case GroupType.TOPIC:
      return 'Community';
    default:
      return 'Public';
  }
}

/** `JOIN_OPTIONS_*` of a core join option. */
export function timJoinOption(option: number | null | undefined): string {
  if (option === JoinOption.FREE) return 'FreeAccess';
  if (option === JoinOption.DISABLED) return 'DisableApply';
  return 'NeedPermission';
}

/** `INVITE_OPTIONS_*` of a core invite option. */
export function timInviteOption(option: number | null | undefined): string {
  if (option === JoinOption.FREE) return 'FreeAccess';
  if (option === JoinOption.DISABLED) return 'DisableInvite';
  return 'NeedPermission';
}

/** `GRP_MBR_ROLE_*` of a core role. */
export function timRole(role: number | null | undefined): string {
  if (role === GroupRole.OWNER) return 'Owner';
  if (role === GroupRole.ADMIN) return 'Admin';
  if (role === GroupRole.CUSTOM) return 'Custom';
  return 'Member';
}

/** `MSG_REMIND_*` of a core receive option (0 notify, 1 silent, 2 block). */
export function timRemindType(receiveOpt: number | null | undefined): string {
  if (receiveOpt === 1) return 'AcceptNotNotify';
  if (receiveOpt === 2) return 'Discard';
  return 'AcceptAndNotify';
}

/** Milliseconds (possibly a protobuf Long-like number) as whole seconds. */
export function seconds(ms: unknown): number {
  const n = Number(ms ?? 0);
  return Number.isFinite(n) && n > 0 ? Math.floor(n / 1000) : 0;
}

/**
 * A TIM custom-field value from the core's, which holds JSON text (CAPABILITIES.md §1.8): a JSON
 * string is unwrapped, anything else (numbers, objects, text that is not JSON) is shown as stored.
 */
export function customValue(stored: string): string {
  try {
    const value: unknown = JSON.parse(stored);
    return typeof value === 'string' ? value : stored;
  } catch {
    return stored;
  }
}

/** TIM's `[{key, value}]` custom fields from the core's map. */
export function toCustomFieldList(fields: Record<string, string> | null | undefined, only?: readonly string[]): Array<{ key: string; value: string }> {
  const keys = Object.keys(fields ?? {}).filter((key) => !only?.length || only.includes(key));
  return keys.map((key) => ({ key, value: customValue(fields?.[key] ?? '') }));
}

/** A group's `selfInfo` (tim.md §4.4). */
export interface TimSelfInfo {
  messageRemindType: string;
  joinTime: number;
  nameCard: string;
  role: string;
  userID: string;
  memberCustomField: Array<{ key: string; value: string }>;
  readedSequence: number;
  excludedUnreadSequenceList: number[];
}

/** A group's `lastMessage` summary (the shape of the conversation's, tim.md §4.3). */
export interface TimLastMessage {
  lastTime: number;
  lastSequence: number;
  fromAccount: string;
  messageForShow: string;
  payload: Record<string, unknown> | null;
  type: string;
  isRevoked: boolean;
  cloudCustomData: string;
  nick: string;
  nameCard: string;
}

/** What a group's last message is read from: the TIM message the conversation's last entry converts to. */
export interface LastMessageSource {
  /** A `MSG_*` value (the TIM enum's). */
  type: unknown;
  payload: Record<string, unknown>;
  time: number;
  sequence: number;
  from: string;
  isRevoked: boolean;
  cloudCustomData: string;
  nick: string;
  nameCard: string;
}

const FOR_SHOW: Record<string, string> = {
  TIMImageElem: '[图片]',
  TIMLocationElem: '[位置]',
  TIMSoundElem: '[语音]',
  TIMVideoFileElem: '[视频]',
  TIMFileElem: '[文件]',
  TIMCustomElem: '[自定义消息]',
  TIMGroupTipElem: '[群提示消息]',
  TIMGroupSystemNoticeElem: '[群系统通知]',
  TIMFaceElem: '[动画表情]',
  TIMRelayElem: '[聊天记录]',
};

/** The display text tim-js-sdk shows for a last message (tim.md §4.3 `messageForShow`). */
export function messageForShow(type: string, payload: Record<string, unknown> | null): string {
  if (type === 'TIMTextElem') return String(payload?.text ?? '');
  return FOR_SHOW[type] ?? '';
}

function emptyLastMessage(): TimLastMessage {
  return { lastTime: 0, lastSequence: 0, fromAccount: '', messageForShow: '', payload: null, type: '', isRevoked: false, cloudCustomData: '', nick: '', nameCard: '' };
}

/** A last-message summary from the TIM message of the conversation's last entry. */
export function toLastMessage(source: LastMessageSource | undefined): TimLastMessage {
  if (!source) return emptyLastMessage();
  return {
    lastTime: source.time,
    lastSequence: source.sequence,
    fromAccount: source.from,
    messageForShow: source.isRevoked ? '' : messageForShow(String(source.type), source.payload),
    payload: source.payload,
    type: String(source.type),
    isRevoked: source.isRevoked,
    cloudCustomData: source.cloudCustomData,
    nick: source.nick,
    nameCard: source.nameCard,
  };
}

/**
 * A group as tim-js-sdk hands it out (tim.md §4.4). `memberNum`/`maxMemberNum` are the runtime's
 * alias getters, kept off the instance as the vendor's are.
 */
export class TimGroup {
  groupID = '';
  name = '';
  avatar = '';
  type: TimGroupType = 'Public';
  introduction = '';
  notification = '';
  ownerID = '';
  createTime = 0;
  infoSequence = 0;
  lastInfoTime = 0;
  selfInfo: TimSelfInfo = { messageRemindType: '', joinTime: 0, nameCard: '', role: '', userID: '', memberCustomField: [], readedSequence: 0, excludedUnreadSequenceList: [] };
  lastMessage: TimLastMessage = emptyLastMessage();
  nextMessageSeq = 1;
  memberCount = 0;
  maxMemberCount = 0;
  muteAllMembers = false;
  joinOption = 'FreeAccess';
  inviteOption = 'FreeAccess';
  groupCustomField: Array<{ key: string; value: string }> = [];
  isSupportTopic = false;

  get memberNum(): number {
    return this.memberCount;
  }

  get maxMemberNum(): number {
    return this.maxMemberCount;
  }
}

/** What a group's TIM view needs beyond the group: the viewer, its conversation row, the last message. */
export interface GroupContext {
  /** The signed-in user (the `selfInfo.userID` of a member). */
  userId?: string;
  conversation?: Conversation | undefined;
  lastMessage?: LastMessageSource | undefined;
  /** Only these custom-field keys (`groupCustomFieldFilter`); all when empty. */
  customFieldFilter?: readonly string[] | undefined;
}

/** The `selfInfo` of a membership (or the empty one of a non-member). */
export function toSelfInfo(self: GroupMember | undefined, conversation?: Conversation): TimSelfInfo {
  if (!self) return new TimGroup().selfInfo;
  return {
    messageRemindType: timRemindType(self.receiveOpt ?? conversation?.receiveOpt),
    joinTime: seconds(self.joinedAt),
    nameCard: self.nameCard ?? '',
    role: timRole(self.role),
    userID: self.userId ?? '',
    memberCustomField: toCustomFieldList(self.customFields),
    readedSequence: conversation?.readSeq ?? 0,
    excludedUnreadSequenceList: [],
  };
}

/**
 * A core group as a TIM Group (tim.md §4.4). `selfMembership` is the viewer's own member row
 * (role, name card, join time, receive option); without it `selfInfo` is the empty one.
 */
export function toTimGroup(group: Group, selfMembership?: GroupMember, context: GroupContext = {}): TimGroup {
  const g = new TimGroup();
  const type = timGroupType(group.type);
  g.groupID = group.groupId ?? '';
  g.name = group.name ?? '';
  g.avatar = group.avatar ?? '';
  g.type = type;
  g.introduction = group.introduction ?? '';
  g.notification = group.notification ?? '';
  g.ownerID = group.ownerId ?? '';
  g.createTime = seconds(group.createdAt);
  g.infoSequence = Number(group.infoVersion ?? 0);
  g.lastInfoTime = seconds(group.updatedAt ?? group.createdAt);
  g.selfInfo = toSelfInfo(selfMembership, context.conversation);
  g.lastMessage = toLastMessage(context.lastMessage);
  g.nextMessageSeq = Math.max(Number(group.lastSeq ?? 0), context.conversation?.maxSeq ?? 0) + 1;
  g.memberCount = group.memberCount ?? 0;
  g.maxMemberCount = group.maxMemberCount ?? 0;
  g.muteAllMembers = group.muteAll === true;
  // Work groups cannot be applied to whatever is stored (tim.md §4.4).
  g.joinOption = type === 'Private' ? 'DisableApply' : timJoinOption(group.joinOption);
  g.inviteOption = timInviteOption(group.inviteOption);
  g.groupCustomField = toCustomFieldList(group.customFields, context.customFieldFilter);
  g.isSupportTopic = group.isSupportTopic === true;
  return g;
}

/**
 * A live room as a TIM AVChatRoom group. `joined` says whether the viewer is in it: its
 * `selfInfo` then carries its role (the owner, an admin, or a member).
 */
export function toTimRoomGroup(room: Room, context: { userId?: string; joined?: boolean; customFieldFilter?: readonly string[] | undefined } = {}): TimGroup {
  const g = new TimGroup();
  g.groupID = room.roomId ?? '';
  g.name = room.name ?? '';
  g.avatar = room.avatar ?? '';
  g.type = 'AVChatRoom';
  g.introduction = room.description ?? '';
  g.notification = room.bulletin ?? '';
  g.ownerID = room.ownerId ?? '';
  g.createTime = seconds(room.createdAt);
  g.lastInfoTime = g.createTime;
  g.memberCount = room.onlineCount ?? 0;
  g.maxMemberCount = room.maxUsers ?? 0;
  g.joinOption = 'FreeAccess';
  g.groupCustomField = toCustomFieldList(room.customFields, context.customFieldFilter);
  if (context.joined && context.userId) {
    const role = room.ownerId === context.userId ? 'Owner' : room.adminIds?.includes(context.userId) ? 'Admin' : 'Member';
    g.selfInfo = { ...g.selfInfo, messageRemindType: 'AcceptAndNotify', role, userID: context.userId };
  }
  return g;
}

/** A community topic as tim-js-sdk hands it out (`Topic` of the 2.27.6 `.d.ts`). */
export interface TimTopic extends Omit<Topic, 'groupAtInfoList' | 'lastMessage' | 'selfInfo'> {
  groupAtInfoList: unknown[];
  lastMessage: TimLastMessage;
  selfInfo: { messageRemindType: string; readedSequence: number };
}

/** The custom-field key a topic's TIM `customData` string is kept under. */
export const TOPIC_CUSTOM_DATA_KEY = 'customData';

/** A core topic (a group with a parent) and the viewer's conversation row as a TIM Topic. */
export function toTimTopic(topic: Group, conversation?: Conversation, lastMessage?: LastMessageSource): TimTopic {
  const stored = topic.customFields?.[TOPIC_CUSTOM_DATA_KEY];
  return {
    topicID: topic.groupId ?? '',
    topicName: topic.name ?? '',
    avatar: topic.avatar ?? '',
    introduction: topic.introduction ?? '',
    notification: topic.notification ?? '',
    unreadCount: conversation?.unreadCount ?? 0,
    muteAllMembers: topic.muteAll === true,
    customData: stored === undefined ? '' : customValue(stored),
    groupAtInfoList: [],
    lastMessage: toLastMessage(lastMessage),
    selfInfo: { messageRemindType: timRemindType(conversation?.receiveOpt), readedSequence: conversation?.readSeq ?? 0 },
  };
}
