import type { Group, Profile } from '@parley/core';
import { type GroupApplicationItem, seconds, toGroupItem } from './group.js';

/** A join application as the core lists and pushes it (the wire's `GroupApplication`). */
export interface CoreGroupApplication {
  groupId?: string | null;
  applicantId?: string | null;
  reqMsg?: string | null;
  reqTime?: number | null;
  handleResult?: number | null;
  handlerId?: string | null;
  handledMsg?: string | null;
  handledAt?: number | null;
}

/** A join application as a `GroupApplicationItem`, with the group and the applicant when known. */
export function toGroupApplicationItem(application: CoreGroupApplication, group?: Group, applicant?: Profile): GroupApplicationItem {
  const info = group ? toGroupItem(group) : undefined;
  return {
    createTime: info?.createTime ?? 0,
    creatorUserID: info?.creatorUserID ?? '',
    ex: info?.ex ?? '',
    gender: applicant?.gender ?? 0,
    groupFaceURL: info?.faceURL ?? '',
    groupID: application.groupId ?? '',
    groupName: info?.groupName ?? '',
    groupType: 0,
    handleResult: application.handleResult ?? 0,
    handleUserID: application.handlerId ?? '',
    handledMsg: application.handledMsg ?? '',
    handledTime: seconds(application.handledAt),
    introduction: info?.introduction ?? '',
    memberCount: info?.memberCount ?? 0,
    nickname: applicant?.nickname ?? '',
    notification: info?.notification ?? '',
    ownerUserID: info?.ownerUserID ?? '',
    reqMsg: application.reqMsg ?? '',
    reqTime: seconds(application.reqTime),
    status: info?.status ?? 0,
    userFaceURL: applicant?.avatar ?? '',
    userID: application.applicantId ?? '',
    attachedInfo: '',
  };
}
