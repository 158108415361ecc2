import type { Element } from '@parley/core';
import { timInviteOption, timJoinOption, toCustomFieldList } from './group.js';

type GroupTip = NonNullable<Element['groupTip']>;
type Notice = NonNullable<Element['notice']>;

/** The wire's tip kinds (`GroupTipKind`) TIM shows under another operation type, or hides (0). */
const TIP_KIND = { CREATED: 12, INVITED: 13, OWNER_TRANSFERRED: 14, DISMISSED: 15 } as const;
const TIP_TYPE: Record<number, number> = { [TIP_KIND.INVITED]: 1, [TIP_KIND.OWNER_TRANSFERRED]: 6, [TIP_KIND.DISMISSED]: 0 };

/** Tip kinds whose `memberList` lists the members concerned (mute, name card, bans; kicks carry the reason). */
const MEMBER_LIST_TYPES = new Set([3, 7, 10, 11]);

/**
 * The last known name of each group, for the `groupProfile` of tips and notices (the wire's tip
 * and notice carry only the id). The groups area records every group it sees. Group ids are one
 * namespace per app, so a name learnt by one instance is right for another of the same app.
 */
const knownNames = new Map<string, string>();

/** Records a group's name for later tips and notices. */
export function rememberGroupName(groupId: string, name: string | null | undefined): void {
  if (groupId && name) knownNames.set(groupId, name);
}

/** The last known name of a group ('' when none was seen). */
export function knownGroupName(groupId: string): string {
  return knownNames.get(groupId) ?? '';
}

/** A profile-change value of the wire: JSON text (strings, numbers, booleans, maps). */
function parsed(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** `newGroupProfile` (tim.md §4.7) from the wire's changed fields, under TIM's names. */
function newGroupProfileOf(changes: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(changes)) {
    const value = parsed(raw);
    switch (key) {
      case 'muteAll':
      case 'muteAllMembers':
        out.muteAllMembers = value === true || value === 1 || value === 'true';
        break;
      case 'ownerId':
        out.ownerID = String(value ?? '');
        break;
      case 'maxMemberCount':
        out.maxMemberNum = Number(value ?? 0);
        break;
      case 'joinOption':
        out.joinOption = timJoinOption(Number(value));
        break;
      case 'inviteOption':
        out.inviteOption = timInviteOption(Number(value));
        break;
      case 'customFields':
        out.groupCustomField = toCustomFieldList(value && typeof value === 'object' ? (value as Record<string, string>) : {});
        break;
      default:
        // Legacy wire form: one `custom.<key>` entry per changed custom field.
        if (key.startsWith('custom.')) {
          const list = (out.groupCustomField as Array<{ key: string; value: string }> | undefined) ?? [];
          list.push(...toCustomFieldList({ [key.slice(7)]: raw }));
          out.groupCustomField = list;
        } else out[key] = value;
    }
  }
  return out;
}

/**
 * The `MSG_GRP_TIP` payload (tim.md §4.7) of a wire group tip, or undefined for tips TIM apps
 * never see: a group created by its creator alone (TIM posts its `group_create` custom message
 * instead) and a dismissal (it arrives as system notice 5). A group created with other members
 * shows them as having joined, invited by the creator.
 * @param groupName the group's name; the last known one by default.
 */
export function groupTipPayload(tip: GroupTip, groupID: string, groupName: string = knownGroupName(groupID)): Record<string, unknown> | undefined {
  const kind = Number(tip.tip ?? 0);
  const operatorID = tip.operatorId ?? '';
  const changes = tip.profileChanges ?? {};
  let userIDList = [...(tip.userIds ?? [])];
  let operationType = TIP_TYPE[kind] ?? kind;
  if (kind === TIP_KIND.CREATED) {
    userIDList = userIDList.filter((id) => id !== operatorID);
    operationType = userIDList.length > 0 ? 1 : 0;
  }
  if (!operationType) return undefined;
  if (userIDList.length === 0) userIDList = [operatorID];
  const name = typeof changes.name === 'string' ? parsed(changes.name) : undefined;
  const memberCount = tip.memberCount ?? 0;
  const payload: Record<string, unknown> = {
    operatorID,
    operationType,
    userIDList,
    groupProfile: { groupID, groupName: typeof name === 'string' ? name : groupName },
    memberNum: memberCount,
    memberCount,
  };
  if (operationType === 6) {
    const profile = newGroupProfileOf(changes);
    if (kind === TIP_KIND.OWNER_TRANSFERRED && !('ownerID' in profile)) profile.ownerID = userIDList[0] ?? '';
    payload.newGroupProfile = profile;
  }
  if (MEMBER_LIST_TYPES.has(operationType)) {
    const changed = tip.memberChanges?.length ? tip.memberChanges : userIDList.map((userId) => ({ userId }));
    payload.memberList = changed.map((m) => {
      const item: Record<string, unknown> = { userID: m.userId ?? '' };
      // TIM's muteTime is the seconds left; the wire gives the end time (0: unmuted).
      const { muteUntil, nameCard } = m as { muteUntil?: unknown; nameCard?: string | null };
      const isNameCard = nameCard !== undefined && nameCard !== null;
      if (muteUntil !== undefined || (operationType === 7 && !isNameCard)) item.muteTime = muteSecondsLeft(muteUntil);
      if (isNameCard) item.nameCard = nameCard;
      if (tip.reason) item.reason = tip.reason;
      return item;
    });
  }
  return payload;
}

function muteSecondsLeft(muteUntil: unknown): number {
  const until = Number(muteUntil ?? 0);
  return until > 0 ? Math.max(0, Math.round((until - Date.now()) / 1000)) : 0;
}

/**
 * The `MSG_GRP_SYS_NOTICE` payload (tim.md §4.8) of a wire notice. `authentication` and
 * `messageKey` both carry the application id that `handleGroupApplication` answers.
 * @param groupName the group's name; the last known one by default.
 */
export function noticePayload(notice: Notice, groupName?: string): Record<string, unknown> {
  const groupID = notice.groupId || notice.roomId || '';
  const kind = Number(notice.kind ?? 255);
  const payload: Record<string, unknown> = {
    operatorID: notice.operatorId ?? '',
    operationType: kind || 255,
    groupProfile: { groupID, name: groupName || knownGroupName(groupID) },
    handleMessage: notice.text ?? '',
    userDefinedField: notice.data ?? '',
    authentication: notice.applicationId ?? '',
    messageKey: notice.applicationId ?? '',
  };
  if (kind === 20 && notice.data) payload.messageRemindType = notice.data;
  return payload;
}
