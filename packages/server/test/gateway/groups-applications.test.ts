import { parley } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/errors.js';
import { refusal, type TestClient } from '../helpers/client.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const { Change, GroupTipKind, GroupType, GroupRole, JoinOption, JoinStatus, NoticeKind, Side, ApplicationKind } = parley.v1;
type Push = parley.v1.Push;

let server: TestServer;

const noticeIn = (p: Push) => p.notice?.message?.elements?.[0]?.notice;
const waitNotice = (c: TestClient, kind: number) => c.waitForPush((p) => noticeIn(p)?.kind === kind);
const waitApplication = (c: TestClient, change: number) => c.waitForPush((p) => p.groupApplication?.change === change);
const waitTip = (c: TestClient, groupId: string, kind: number) =>
  c.waitForPush((p) => p.message?.message?.convId === `group:${groupId}` && p.message.message.elements?.[0]?.groupTip?.tip === kind);

describe('group applications and invitations', () => {
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('a join request reaches the owner and admins; the first answer wins', async () => {
    const owner = await server.login('a-owner');
    const admin = await server.login('a-admin');
    const member = await server.login('a-member');
    const applicant = await server.login('a-applicant');
    const applicantOther = await server.login('a-applicant');
    await owner.request('groupCreate', {
      group: { groupId: 'a-grp', name: 'Club', joinOption: JoinOption.JOIN_OPTION_APPROVAL },
      members: [{ userId: 'a-admin', role: GroupRole.GROUP_ROLE_ADMIN }, { userId: 'a-member' }],
    });
    const joined = await applicant.request('groupJoin', { groupId: 'a-grp', applyMessage: 'let me in' });
    expect(joined.status).toBe(JoinStatus.JOIN_STATUS_PENDING);
    for (const c of [owner, admin]) {
      const notice = noticeIn(await waitNotice(c, NoticeKind.NOTICE_APPLICATION_NEW));
      expect(notice).toMatchObject({ groupId: 'a-grp', operatorId: 'a-applicant', text: 'let me in' });
      expect(notice?.applicationId).not.toBe('');
      expect((await waitApplication(c, Change.CHANGE_ADDED)).groupApplication?.application?.applicantId).toBe('a-applicant');
    }
    // The applicant's other session hears of it; the requesting one has the response.
    await waitApplication(applicantOther, Change.CHANGE_ADDED);
    expect(applicant.pushes.some((p) => p.groupApplication)).toBe(false);

    const inbox = await admin.request('groupListApplications', { side: Side.SIDE_IN });
    expect(inbox.applications).toHaveLength(1);
    const application = inbox.applications[0];
    expect(application).toMatchObject({ kind: ApplicationKind.APPLICATION_KIND_JOIN, groupId: 'a-grp', applicantId: 'a-applicant', reqMsg: 'let me in', handleResult: 0 });
    expect((await applicant.request('groupListApplications', { side: Side.SIDE_OUT })).applications.map((a: { id: string }) => a.id)).toEqual([application.id]);
    expect((await member.request('groupListApplications', {})).applications).toEqual([]);

    expect(await refusal(member.request('groupHandleApplication', { applicationId: application.id, accept: true }))).toBe(ErrorCode.PERMISSION_DENIED);
    await admin.request('groupHandleApplication', { applicationId: application.id, accept: true, message: 'welcome' });
    expect(await refusal(owner.request('groupHandleApplication', { groupId: 'a-grp', applicantId: 'a-applicant', accept: false }))).toBe(ErrorCode.ALREADY_HANDLED);

    const accepted = noticeIn(await waitNotice(applicant, NoticeKind.NOTICE_APPLICATION_ACCEPTED));
    expect(accepted).toMatchObject({ operatorId: 'a-admin', text: 'welcome' });
    for (const c of [applicant, owner]) await waitApplication(c, Change.CHANGE_ACCEPTED);
    const tip = await waitTip(member, 'a-grp', GroupTipKind.GROUP_TIP_MEMBER_JOINED);
    expect(tip.message?.message?.elements?.[0]?.groupTip).toMatchObject({ operatorId: 'a-admin', userIds: ['a-applicant'] });
    const handled = (await owner.request('groupListApplications', { side: Side.SIDE_IN })).applications[0];
    expect(handled).toMatchObject({ handleResult: 1, handlerId: 'a-admin', handledMsg: 'welcome' });
    expect((await applicant.request('groupJoin', { groupId: 'a-grp' })).status).toBe(JoinStatus.JOIN_STATUS_ALREADY_MEMBER);
    for (const c of [owner, admin, member, applicant, applicantOther]) c.close();
  });

  it('a rejected request leaves the applicant outside; they may apply again', async () => {
    const owner = await server.login('rj-owner');
    const applicant = await server.login('rj-applicant');
    await owner.request('groupCreate', { group: { groupId: 'rj-grp' } });
    await applicant.request('groupJoin', { groupId: 'rj-grp', applyMessage: 'first' });
    await owner.request('groupHandleApplication', { groupId: 'rj-grp', applicantId: 'rj-applicant', accept: false, message: 'no' });
    expect(noticeIn(await waitNotice(applicant, NoticeKind.NOTICE_APPLICATION_REJECTED))?.text).toBe('no');
    await waitApplication(applicant, Change.CHANGE_REJECTED);
    expect(await refusal(applicant.request('groupListMembers', { groupId: 'rj-grp' }))).toBe(ErrorCode.NOT_MEMBER);
    expect((await applicant.request('groupJoin', { groupId: 'rj-grp', applyMessage: 'second' })).status).toBe(JoinStatus.JOIN_STATUS_PENDING);
    const [again] = (await owner.request('groupListApplications', { side: Side.SIDE_IN })).applications;
    expect(again).toMatchObject({ reqMsg: 'second', handleResult: 0 });
    expect(await refusal(owner.request('groupHandleApplication', { applicationId: 'bogus', accept: true }))).toBe(ErrorCode.INVALID_PARAM);
    expect(await refusal(owner.request('groupHandleApplication', { groupId: 'rj-grp', applicantId: 'rj-nobody', accept: true }))).toBe(ErrorCode.NOT_FOUND);
    owner.close();
    applicant.close();
  });

  it('community invitations need the invitee’s consent', async () => {
    const owner = await server.login('iv-owner');
    const member = await server.login('iv-member');
    const invitee = await server.login('iv-invitee');
    const decliner = await server.login('iv-decliner');
    // inviteOption defaults to approval: invitations need consent.
    await owner.request('groupCreate', { group: { groupId: 'iv-com', type: GroupType.GROUP_TYPE_COMMUNITY }, members: [{ userId: 'iv-member' }] });
    const sent = await member.request('groupAddMembers', { groupId: 'iv-com', users: [{ userId: 'iv-invitee' }, { userId: 'iv-decliner' }], reason: 'join us' });
    expect(sent.success).toEqual(['iv-invitee', 'iv-decliner']);
    const invitation = noticeIn(await waitNotice(invitee, NoticeKind.NOTICE_INVITATION));
    expect(invitation).toMatchObject({ groupId: 'iv-com', operatorId: 'iv-member', text: 'join us' });
    expect(await refusal(invitee.request('msgSend', { convId: 'group:iv-com', elements: [{ text: { text: 'hi' } }] }))).toBe(ErrorCode.NOT_MEMBER);
    const [mine] = (await invitee.request('groupListApplications', { side: Side.SIDE_IN })).applications;
    expect(mine).toMatchObject({ kind: ApplicationKind.APPLICATION_KIND_INVITE, inviterId: 'iv-member', applicantId: 'iv-invitee' });
    // Only the invitee answers.
    expect(await refusal(owner.request('groupHandleApplication', { applicationId: mine.id, accept: true }))).toBe(ErrorCode.PERMISSION_DENIED);
    await invitee.request('groupHandleApplication', { groupId: 'iv-com', accept: true });
    await waitNotice(member, NoticeKind.NOTICE_INVITATION_ACCEPTED);
    const tip = await waitTip(owner, 'iv-com', GroupTipKind.GROUP_TIP_MEMBER_JOINED);
    expect(tip.message?.message?.elements?.[0]?.groupTip).toMatchObject({ operatorId: 'iv-member', userIds: ['iv-invitee'] });
    await invitee.request('msgSend', { convId: 'group:iv-com', elements: [{ text: { text: 'hi' } }] });
    await decliner.request('groupHandleApplication', { groupId: 'iv-com', accept: false });
    await waitNotice(member, NoticeKind.NOTICE_INVITATION_REJECTED);
    expect((await owner.request('groupGet', { groupIds: ['iv-com'] })).groups[0].memberCount).toBe(3);
    // An admin-only invite option: plain members may not invite at all.
    await owner.request('groupUpdate', { groupId: 'iv-com', patch: { inviteOption: JoinOption.JOIN_OPTION_DISABLED }, setFields: ['inviteOption'] });
    expect(await refusal(member.request('groupAddMembers', { groupId: 'iv-com', users: [{ userId: 'iv-decliner' }] }))).toBe(ErrorCode.PERMISSION_DENIED);
    expect((await owner.request('groupAddMembers', { groupId: 'iv-com', users: [{ userId: 'iv-decliner' }] })).success).toEqual(['iv-decliner']);
    for (const c of [owner, member, invitee, decliner]) c.close();
  });
});
