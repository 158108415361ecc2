// A Hummer chatroom page: written as a hummer-chatroom-sdk app is, on @parley/compat-hummer.
import Hummer, { type ChatRoom, type HummerInstance } from '@parley/compat-hummer';
import { vendorCredential } from './credentials.js';
import { mountVendorPage } from './page.js';

const REGION = 'cn';

mountVendorPage((view) => {
  let hummer: HummerInstance | undefined;
  let uid = '';
  let room: ChatRoom | undefined;
  const session = () => {
    if (!hummer) throw new Error('not signed in');
    return hummer;
  };
  return {
    title: 'Hummer chat room (hummer-chatroom-sdk)',
    about: 'Hummer.createHummer({appid}), login({uid, token}), createChatRoom or createChatRoomInstance + joinChatRoom, sendGroupMessage, GroupMessage, UserCountUpdated.',
    async signIn(name) {
      const credential = await vendorCredential('hummer', name);
      const h = Hummer.createHummer({ appid: credential.appid });
      await h.login({ region: REGION, uid: credential.uid, token: credential.token });
      hummer = h;
      uid = credential.uid;
    },
    room: {
      async create() {
        const created = await session().createChatRoom({ region: REGION, attributes: { Name: 'Parley demo room' } });
        return String(created.roomid);
      },
      async join(id) {
        const roomid = Number(id);
        if (!Number.isInteger(roomid) || roomid <= 0) throw new Error('a Hummer room id is a number');
        const chatroom = session().createChatRoomInstance({ region: REGION, roomid });
        chatroom.on('GroupMessage', ((data: { uid: string; content: string }) => {
          // Hummer echoes one's own room messages: the page lists those when sent.
          if (data.uid !== uid) view.received(data.uid, data.content);
        }) as never);
        chatroom.on('UserCountUpdated', ((data: { totalCount: number }) => view.count(data.totalCount)) as never);
        await chatroom.joinChatRoom({ joinProps: {} });
        room = chatroom;
        const counted = await session().getChatRoomUserCount({ region: REGION, roomid });
        view.count(Number(counted.totalCount));
      },
      async send(text) {
        if (!room) throw new Error('not in a room');
        await room.sendGroupMessage({ content: text, kvExtra: {} });
      },
    },
  };
});
