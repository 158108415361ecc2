/// <reference lib="dom" />
// The compat bundle entry: a Hummer chatroom page after `hummer-chatroom-sdk` was aliased to
// @parley/compat-hummer, using the calls a live-room page makes.
import Hummer from '@parley/compat-hummer';

/** Logs in, joins a room, listens to its messages and presence, sends, and reads history and attributes. */
export async function startHummerApp(uid: string, token: string, roomid: number, render: (data: unknown) => void) {
  const hummer = Hummer.createHummer({ appid: 1350626568 });
  hummer.on('ConnectionStateChanged', render);
  hummer.on('P2PMessageReceived', render);
  await hummer.login({ region: 'cn', uid, token });
  const chatroom = hummer.createChatRoomInstance({ region: 'cn', roomid });
  chatroom.on('GroupMessage', render);
  chatroom.on('TextChat', render);
  chatroom.on('UserOnlineUpdated', render);
  chatroom.on('UserCountUpdated', render);
  await chatroom.joinChatRoom({ joinProps: {} });
  await chatroom.sendTextChat({ chat: 'hi', kvExtra: {} });
  render(await chatroom.fetchHistoryMessages({ msgTypes: [0], anchor: null, direction: 0, limit: 20 }));
  render(await chatroom.getChatRoomAttributes());
  return chatroom;
}
