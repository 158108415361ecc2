import { describe, expect, test } from 'vitest';
import { descriptor } from '../src/generated/descriptor.js';

// The operations of CAPABILITIES.md §2 and the pushes of §3, by their spec names. Each maps to
// the oneof field of the same name in camelCase (`friendGroup.addUsers` -> `friendGroupAddUsers`).
const SPEC_OPS = [
  'conn.hello', 'auth.login', 'auth.logout', 'auth.refresh', 'auth.resume', 'conn.ping', 'account.register',
  'account.changePassword', 'user.getProfiles', 'user.updateProfile', 'user.getSummary', 'user.search',
  'presence.query', 'presence.subscribe', 'presence.unsubscribe', 'presence.setCustomStatus', 'friend.list',
  'friend.get', 'friend.check', 'friend.request', 'friend.respond', 'friend.listRequests',
  'friend.deleteRequest', 'friend.markRequestsRead', 'friend.addDirect', 'friend.delete', 'friend.update',
  'friendGroup.list', 'friendGroup.create', 'friendGroup.delete', 'friendGroup.rename',
  'friendGroup.addUsers', 'friendGroup.removeUsers', 'block.list', 'block.add', 'block.remove', 'conv.list',
  'conv.get', 'conv.delete', 'conv.update', 'conv.getSettings', 'settings.update', 'convFolder.list',
  'convFolder.create', 'convFolder.delete', 'convFolder.rename', 'convFolder.add', 'convFolder.remove',
  'msg.send', 'msg.signal', 'msg.revoke', 'msg.modify', 'msg.deleteForSelf', 'msg.clearForSelf',
  'msg.insertForSelf', 'msg.history', 'msg.get', 'msg.setExtensions', 'msg.getExtensions',
  'msg.deleteExtensions', 'read.mark', 'read.receipt', 'read.receiptStatus', 'read.receiptMembers',
  'group.create', 'group.dismiss', 'group.get', 'group.listJoined', 'group.update', 'group.search',
  'group.transferOwner', 'group.join', 'group.quit', 'group.addMembers', 'group.removeMembers',
  'group.listMembers', 'group.getMembers', 'group.setMemberRole', 'group.muteMember', 'group.updateMember',
  'group.listApplications', 'group.handleApplication', 'topic.create', 'topic.delete', 'topic.update',
  'topic.list', 'room.create', 'room.dismiss', 'room.get', 'room.update', 'room.search', 'room.listJoined',
  'room.enter', 'room.exit', 'room.addMembers', 'room.removeMembers', 'room.listMembers', 'room.count',
  'room.getManagers', 'room.mute', 'room.unmute', 'room.listMuted', 'room.kick', 'room.setMemberAttrs',
  'room.listMemberAttrs', 'room.markMembers', 'attr.write', 'attr.read', 'counter.write', 'counter.read',
  'media.upload', 'media.resolve', 'guest.upsert', 'guest.get', 'system.send', 'sync.changes', 'sync.pull',
  'sync.ack', 'sync.snapshot',
];
const SPEC_PUSHES = [
  'ev.attributes', 'ev.blocklist', 'ev.convFolder', 'ev.conversation', 'ev.counter', 'ev.credentialExpiring',
  'ev.friend', 'ev.friendGroup', 'ev.friendRequest', 'ev.group', 'ev.groupApplication', 'ev.kicked',
  'ev.message', 'ev.messageExtensions', 'ev.messageModified', 'ev.messageRevoked', 'ev.notice',
  'ev.peerRead', 'ev.presence', 'ev.profile', 'ev.readReceipt', 'ev.roomCount', 'ev.roomDismissed',
  'ev.roomEvicted', 'ev.roomKick', 'ev.roomMemberAttrs', 'ev.roomMute', 'ev.roomPresence', 'ev.roomProfile',
  'ev.settings', 'ev.topic', 'ev.typing',
];
// Where the wire deliberately differs from the spec's list.
const OP_EXCEPTIONS: Record<string, string> = {
  // The bytes go over HTTP multipart; the socket hands out the upload ticket.
  'media.upload': 'mediaUploadTicket',
};
// draining: graceful shutdown notice; resync: pushes lost on a cluster bus outage (PROTOCOL.md §Connection)
const EXTRA_PUSHES = ['draining', 'resync'];

const field = (name: string) => OP_EXCEPTIONS[name] ?? name.replace(/^ev\./, '').replace(/\.(\w)/g, (_m, c: string) => c.toUpperCase());
const v1 = (descriptor as { nested: { parley: { nested: { v1: { nested: Record<string, { oneofs: Record<string, { oneof: string[] }> }> } } } } }).nested.parley.nested.v1.nested;

describe('coverage ledger: the wire carries every spec operation and push', () => {
  const requestOps = v1.Request!.oneofs.op!.oneof;
  const pushEvents = v1.Push!.oneofs.event!.oneof;

  test.each(SPEC_OPS)('op %s is a Request variant', (name) => {
    expect(requestOps).toContain(field(name));
  });

  test.each(SPEC_PUSHES)('push %s is a Push variant', (name) => {
    expect(pushEvents).toContain(field(name));
  });

  test('nothing on the wire is outside the spec but the listed exceptions', () => {
    expect(requestOps.filter((op) => !SPEC_OPS.map(field).includes(op))).toEqual([]);
    expect(pushEvents.filter((p) => !SPEC_PUSHES.map(field).includes(p))).toEqual(EXTRA_PUSHES);
  });

  test('every Response result answers a Request op of the same name and number', () => {
    const responseFields = (v1.Response as unknown as { fields: Record<string, { id: number }> }).fields;
    const requestFields = (v1.Request as unknown as { fields: Record<string, { id: number }> }).fields;
    for (const [name, f] of Object.entries(responseFields)) expect(requestFields[name]?.id, name).toBe(f.id);
  });
});
