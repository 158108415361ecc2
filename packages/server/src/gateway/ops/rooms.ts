import { parley } from '@parley/protocol';
import { ErrorCode, ServerError } from '../../errors.js';
import {
  checkEnter,
  countRoom,
  editListedMembers,
  enterResult,
  getRoomManagers,
  listJoinedRooms,
  listMemberAttrs,
  listRoomMembers,
  setMemberAttrs,
} from '../../model/room-members.js';
import { kickFromRoom, listMuted, markRoomMembers, muteInRoom } from '../../model/room-moderation.js';
import { searchRooms } from '../../model/room-search.js';
import { updateRoom } from '../../model/room-update.js';
import { createRoom, dismissRoom, getRoom, requireRoom } from '../../model/rooms.js';
import { transact } from '../../model/tx.js';
import { type OpCall, type OpFamily, requireSession } from './types.js';

/** Presence belongs to the session: entering or leaving for another user (`subject`) is refused. */
function presenceSession<P>(call: OpCall<P>) {
  const { session } = requireSession(call);
  if (call.actor.userId !== session.userId) throw new ServerError(ErrorCode.PERMISSION_DENIED, 'sessions enter and leave rooms for themselves', { detail: 'subject' });
  return session;
}

/** Rooms and channels (§2.10). */
export const roomOps: OpFamily = {
  ops: {
    roomCreate: ({ ctx, actor, payload }: OpCall<parley.v1.RoomCreate>) => createRoom(ctx, actor, payload),
    roomDismiss: ({ ctx, actor, payload }: OpCall<parley.v1.RoomRefOp>) => dismissRoom(ctx, actor, payload),
    roomGet: ({ ctx, actor, payload }: OpCall<parley.v1.RoomRefOp>) => getRoom(ctx, actor, payload),
    roomUpdate: ({ ctx, actor, payload }: OpCall<parley.v1.RoomUpdate>) => updateRoom(ctx, actor, payload),
    roomSearch: ({ ctx, actor, payload }: OpCall<parley.v1.Query>) => searchRooms(ctx, actor, payload),
    roomListJoined: ({ ctx, actor, payload }: OpCall<parley.v1.RoomListJoined>) => listJoinedRooms(ctx, actor, payload),
    roomEnter: async (call: OpCall<parley.v1.RoomEnter>) => {
      const session = presenceSession(call);
      const guest = session.kind === parley.v1.UserKind.USER_KIND_GUEST;
      const room = await checkEnter(call.ctx, call.actor, call.payload, guest);
      const alreadyIn = await call.server.rooms.enter(session, room.roomId, { ...call.payload.joinProps });
      return enterResult(call.ctx, call.actor, room, alreadyIn);
    },
    roomExit: async (call: OpCall<parley.v1.RoomRefOp>) => {
      const session = presenceSession(call);
      const room = await transact(call.ctx.store, (tx) => requireRoom(tx, call.ctx.app.id, call.payload.room));
      if (!call.server.rooms.exit(session, room.roomId)) throw new ServerError(ErrorCode.NOT_IN_ROOM, 'this session is not in the room', { detail: 'room' });
    },
    roomAddMembers: ({ ctx, actor, payload }: OpCall<parley.v1.RoomMembersEdit>) => editListedMembers(ctx, actor, payload, true),
    roomRemoveMembers: ({ ctx, actor, payload }: OpCall<parley.v1.RoomMembersEdit>) => editListedMembers(ctx, actor, payload, false),
    roomListMembers: ({ ctx, payload }: OpCall<parley.v1.RoomListMembers>) => listRoomMembers(ctx, payload),
    roomCount: ({ ctx, payload }: OpCall<parley.v1.RoomRefOp>) => countRoom(ctx, payload),
    roomGetManagers: ({ ctx, payload }: OpCall<parley.v1.RoomGetManagers>) => getRoomManagers(ctx, payload),
    roomMute: ({ ctx, actor, payload }: OpCall<parley.v1.RoomModerate>) => muteInRoom(ctx, actor, payload, true),
    roomUnmute: ({ ctx, actor, payload }: OpCall<parley.v1.RoomModerate>) => muteInRoom(ctx, actor, payload, false),
    roomListMuted: ({ ctx, payload }: OpCall<parley.v1.RoomRefOp>) => listMuted(ctx, payload),
    roomKick: ({ ctx, actor, payload }: OpCall<parley.v1.RoomModerate>) => kickFromRoom(ctx, actor, payload),
    roomSetMemberAttrs: ({ ctx, actor, payload }: OpCall<parley.v1.RoomMemberAttrsEdit>) => setMemberAttrs(ctx, actor, payload),
    roomListMemberAttrs: ({ ctx, actor, payload }: OpCall<parley.v1.RoomRefOp>) => listMemberAttrs(ctx, actor, payload),
    roomMarkMembers: ({ ctx, actor, payload }: OpCall<parley.v1.RoomModerate>) => markRoomMembers(ctx, actor, payload),
  },
  readOnly: ['roomGet', 'roomSearch', 'roomListJoined', 'roomListMembers', 'roomCount', 'roomGetManagers', 'roomListMuted', 'roomListMemberAttrs'],
  guest: ['roomEnter', 'roomExit', 'roomGet', 'roomCount', 'roomListMembers'],
  sessionOnly: ['roomEnter', 'roomExit'],
};
