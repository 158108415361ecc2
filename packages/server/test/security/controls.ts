import { type OpName, parley } from '@parley/protocol';
import { maxleapSign } from '../../src/auth/index.js';
import type { TestClient } from '../helpers/client.js';
import type { Access, Build } from './matrix.js';
import { APP_A, ROOM_PASSWORD, type Role, type World } from './world.js';

/**
 * The positive controls of the matrix: each op's request, sent by its rightful caller, must
 * succeed. They prove that the matrix's refusals come from the caller, not from a request the
 * server would refuse anyway. They run on a world of their own, in protocol order, except the
 * ops that take something away (a member, a room, a session), which run last in `late` order.
 */
export interface Control {
  /** Default: by the op's access class. */
  as?: Role | ((world: World) => Promise<TestClient>);
  /** Default: the op's request. */
  build?: Build;
  late?: number;
  /** Why there is no control. */
  skip?: string;
}

/** The rightful caller of each access class. */
export const RIGHTFUL: Record<Access, Role | undefined> = {
  public: undefined,
  open: 'member',
  self: 'member',
  user: 'member',
  member: 'member',
  present: 'member',
  groupAdmin: 'admin',
  groupOwner: 'owner',
  roomAdmin: 'admin',
  roomOwner: 'owner',
  privileged: 'appAdmin',
};

const { RespondAction, Side } = parley.v1;

const ML = APP_A.maxleap;

export const CONTROLS: { [N in OpName]?: Control } = {
  connHello: { as: (w) => w.connect() },
  authLogin: { as: (w) => w.connect(APP_A.id) },
  authLogout: { as: (w) => w.login(w.ids.member) },
  // Takes the owner's session over: nothing of the owner's runs after it.
  authResume: { as: (w) => w.connect(APP_A.id), late: 99 },
  accountRegister: {
    as: async (w) => {
      const client = await w.connect();
      await client.request('connHello', { app: { maxleapAppId: ML?.appId }, proof: { maxleapSign: maxleapSign(ML?.keys.client ?? '', Date.now()) } });
      return client;
    },
  },
  accountChangePassword: { skip: 'the world has no password account; every row refuses it before its handler runs' },

  // `friendRequest` (the member asks the owner) runs first, in protocol order.
  friendRespond: { as: 'owner', build: (ids) => ({ applicantId: ids.member, action: RespondAction.RESPOND_ACTION_ACCEPT }) },
  friendDeleteRequest: {
    as: async (w) => {
      await w.clients.member.request('friendRequest', { to: { userId: w.ids.admin } });
      return w.clients.member;
    },
    build: (ids) => ({ userId: ids.admin, side: Side.SIDE_OUT }),
  },
  friendAddDirect: { build: (ids) => ({ friendId: ids.blocker }) },
  friendDelete: { late: 1 },
  friendGroupRename: { late: 2 },
  friendGroupDelete: { late: 3, build: () => ({ name: 'fg2' }) },
  convFolderRename: { late: 4 },
  convFolderDelete: { late: 5, build: () => ({ name: 'folder2' }) },

  msgRevoke: { as: 'owner', late: 10 },
  msgModify: { as: 'owner' },
  msgDeleteForSelf: { late: 11 },
  msgClearForSelf: { late: 12 },
  readReceiptStatus: { as: 'owner' },
  readReceiptMembers: { as: 'owner' },

  groupJoin: { as: 'outsider' },
  groupUpdateMember: { as: 'owner' },
  groupRemoveMembers: { late: 15 },
  topicDelete: { late: 19 },
  groupTransferOwner: { late: 20, build: (ids) => ({ groupId: ids.community, newOwnerId: ids.member }) },
  groupQuit: { late: 21 },
  groupDismiss: { late: 22 },

  roomEnter: { build: (ids) => ({ room: { roomId: ids.room }, password: ROOM_PASSWORD }) },
  roomExit: { late: 31 },
  roomRemoveMembers: { late: 32 },
  roomKick: { late: 33 },
  roomDismiss: { late: 40 },
};
