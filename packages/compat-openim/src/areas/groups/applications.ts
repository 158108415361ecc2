import { type Client, groupsOf } from '@parley/core';
import { CbEvents, RequestFunc } from '../../constants.js';
import type { CoreGroupApplication } from '../../convert/group-application.js';
import type { OpenImCore } from '../../core.js';
import type { MethodTable } from '../../method.js';
import { applicationItems } from './application-items.js';
import { OK } from './groups.js';
import { idParam, paramsOf, textParam } from './params.js';

/** The wire's `ApplicationKind.APPLICATION_KIND_JOIN`: OpenIM has join requests only. */
const KIND_JOIN = 0;

type Application = CoreGroupApplication & { kind?: number | null };

/** Join requests of one side: `in` = groups the user owns or administers, `out` = the user's own. */
async function joinRequests(client: Client, userId: string, side: 'in' | 'out'): Promise<Application[]> {
  const all = (await groupsOf(client).applications(side)) as Application[];
  return all.filter((a) => (a.kind ?? KIND_JOIN) === KIND_JOIN && (side === 'in' ? a.applicantId !== userId : a.applicantId === userId));
}

/**
 * Tells this session what the server pushes to the user's other sessions only: the acting
 * session gets no push of its own request or answer.
 */
async function emitOwn(core: OpenImCore, event: string, side: 'in' | 'out', groupId: string, applicantId: string): Promise<void> {
  const client = core.client;
  const found = (await joinRequests(client, core.userId, side)).find((a) => a.groupId === groupId && a.applicantId === applicantId);
  if (!found) return;
  const [item] = await applicationItems(client, [found]);
  core.emit(event, item, 'groupApplication');
}

/** Answers a join request, then reports the answer to this session. */
async function answer(core: OpenImCore, data: unknown, action: 'accept' | 'reject'): Promise<string> {
  const params = paramsOf(data);
  const groupId = idParam(params.groupID, 'groupID');
  const applicantId = idParam(params.fromUserID, 'fromUserID');
  const message = textParam(params.handleMsg, 'handleMsg');
  await groupsOf(core.client).handleApplication({ groupId, applicantId }, action, { message });
  const event = action === 'accept' ? CbEvents.ONGROUPAPPLICATIONACCEPTED : CbEvents.ONGROUPAPPLICATIONREJECTED;
  await emitOwn(core, event, 'in', groupId, applicantId).catch(() => {});
  return OK;
}

/** Join requests: applying, the two lists, and the answers (openim.md §2.10). */
export const applicationMethods: MethodTable = {
  joinGroup: {
    event: RequestFunc.JOINGROUP,
    kind: 'ok',
    async run(core, data) {
      const params = paramsOf(data);
      const groupId = idParam(params.groupID, 'groupID');
      const message = textParam(params.reqMsg, 'reqMsg');
      // The server checks the group's join option: OpenIM groups (`standard`) need approval.
      const { status } = await groupsOf(core.client).join(groupId, { message });
      if (status === 'pending') await emitOwn(core, CbEvents.ONGROUPAPPLICATIONADDED, 'out', groupId, core.userId).catch(() => {});
      return OK;
    },
  },
  getRecvGroupApplicationList: {
    event: RequestFunc.GETRECVGROUPAPPLICATIONLIST,
    kind: 'groupApplications',
    noData: true,
    async run(core) {
      return applicationItems(core.client, await joinRequests(core.client, core.userId, 'in'));
    },
  },
  getSendGroupApplicationList: {
    event: RequestFunc.GETSENDGROUPAPPLICATIONLIST,
    kind: 'groupApplications',
    noData: true,
    async run(core) {
      return applicationItems(core.client, await joinRequests(core.client, core.userId, 'out'));
    },
  },
  acceptGroupApplication: {
    event: RequestFunc.ACCEPTGROUPAPPLICATION,
    kind: 'ok',
    run: (core, data) => answer(core, data, 'accept'),
  },
  refuseGroupApplication: {
    event: RequestFunc.REFUSEGROUPAPPLICATION,
    kind: 'ok',
    run: (core, data) => answer(core, data, 'reject'),
  },
};
