import { chatOf, contactsOf, groupsOf } from '@parley/core';
import type { TimGroup } from '../../convert/group.js';
import { knownGroupName } from '../../convert/group-payload.js';
import type { TimCore } from '../../core.js';
import { TimCode, TimError } from '../../errors.js';
import * as check from './checks.js';
import { resolve } from './resolve.js';
import { timGroupOf, timRoomGroupOf } from './state.js';

/** The wire's application kinds (`ApplicationKind`). */
const KIND_INVITE = 1;
/** tim-js-sdk's `applicationType` of an invitation waiting for an answer. */
const TYPE_INVITATION = 2;

/** The group a handled application belongs to, as the user now sees it (best effort). */
async function groupView(tim: TimCore, groupId: string): Promise<TimGroup | undefined> {
  if (!groupId) return undefined;
  const stored = groupsOf(tim.client).group(groupId);
  if (stored) return timGroupOf(tim, stored);
  const found = await resolve(tim, groupId).catch(() => undefined);
  if (!found) return undefined;
  return found.kind === 'room' ? timRoomGroupOf(tim, found.room) : timGroupOf(tim, found.group);
}

/**
 * Removes a handled notice from the system conversation, as tim-js-sdk does: deleted for this
 * user on the server, so it stays gone after the next login. Should the server refuse, the
 * notice is still hidden in this client's cache for the session.
 */
async function dropNotice(tim: TimCore, message: { ID?: unknown } | undefined): Promise<void> {
  const id = typeof message?.ID === 'string' ? message.ID : '';
  if (!id) return;
  const client = tim.client;
  const held = client.findMessage({ clientMsgId: id }) ?? client.findMessage({ serverMsgId: id });
  if (!held || held.deletedForSelf) return;
  try {
    await chatOf(client).deleteForSelf([held]);
  } catch (error) {
    tim.log.info('the server kept the handled notice; hiding it locally', error);
    const hidden = { ...held, deletedForSelf: true };
    client.store.messages.update(hidden);
    client.events.emit('messageUpdated', hidden);
  }
}

/**
 * `handleGroupApplication` (tim.md §2.1 #29): `handleAction` `'Agree'` or `'Reject'`, for the
 * join-request notice `message` or an `application` of `getGroupApplicationList`. The first
 * admin to answer wins; the handled notice leaves `@TIM#SYSTEM`.
 */
export function handleGroupApplication(tim: TimCore, options: unknown): Promise<{ group?: TimGroup }> {
  const { agree, handleMessage, ref, groupId, message } = check.handleGroupApplication(tim, options);
  return (async () => {
    await groupsOf(tim.client).handleApplication(ref, agree ? 'accept' : 'reject', { message: handleMessage });
    await dropNotice(tim, message);
    const group = await groupView(tim, groupId);
    return group ? { group } : {};
  })();
}

/**
 * `getGroupApplicationList` (runtime-only): the requests waiting for the user, as
 * `{applicant, applicantNick, groupName, groupID, authentication, messageKey, applicationType, userID}`.
 */
export async function getGroupApplicationList(tim: TimCore): Promise<{ applicationList: Array<Record<string, unknown>> }> {
  const client = tim.client;
  const pending = (await groupsOf(client).applications('in')).filter((a) => (a.handleResult ?? 0) === 0);
  const applicantOf = (a: (typeof pending)[number]) => (a.kind === KIND_INVITE ? (a.inviterId ?? '') : (a.applicantId ?? ''));
  const ids = [...new Set(pending.map(applicantOf).filter(Boolean))];
  const profiles = ids.length ? await contactsOf(client).getProfiles(ids).catch(() => []) : [];
  const nickOf = new Map(profiles.map((p) => [p.userId ?? '', p.nickname ?? '']));
  return {
    applicationList: pending.map((a) => {
      const groupID = a.groupId ?? '';
      const applicant = applicantOf(a);
      return {
        applicant,
        applicantNick: nickOf.get(applicant) ?? '',
        groupName: groupsOf(client).group(groupID)?.name || knownGroupName(groupID),
        groupID,
        authentication: a.id ?? '',
        messageKey: a.id ?? '',
        applicationType: a.kind === KIND_INVITE ? TYPE_INVITATION : 0,
        userID: a.kind === KIND_INVITE ? (a.applicantId ?? '') : tim.userId,
      };
    }),
  };
}

/** Stand-ins for tim-js-sdk's internal timer ids: there is no polling timer here, but apps read a number. */
const TIMER_ID = 1;
const POLLING_TIMER_ID = 2;

/**
 * The runtime-only dispatcher (CAPABILITIES.md §2.15): `handleGroupInvitation` answers an
 * invitation notice (`{handleAction, handleMessage?, message}`); `isCommercialAbilityEnabled` is
 * true and `isIntl` false; the timer ids are numbers. TRTC calls and unknown names reject with
 * 2905.
 */
export function callExperimentalAPI(tim: TimCore, api: string, options?: unknown): Promise<unknown> | unknown {
  switch (api) {
    case 'handleGroupInvitation':
      return handleGroupApplication(tim, options);
    case 'isCommercialAbilityEnabled':
      return true;
    case 'isIntl':
      return false;
    case 'getTimerID':
      return TIMER_ID;
    case 'getPollingTimerID':
      return POLLING_TIMER_ID;
    default:
      throw new TimError({ code: TimCode.INVALID_OPERATION, message: `${api} is not supported` });
  }
}
