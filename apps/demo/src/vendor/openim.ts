// An OpenIM page: written as an open-im-sdk app is, on @parley/compat-openim.
import { CbEvents, OpenIMSDK } from '@parley/compat-openim';
import { vendorCredential } from './credentials.js';
import { mountVendorPage } from './page.js';

/** The fields of a received MessageItem this page reads. */
interface Item {
  sendID: string;
  sessionType: number;
  contentType: number;
  content: string;
}

/** `MessageType.TEXTMESSAGE` and `SessionType.SINGLE`. */
const TEXT = 101;
const SINGLE = 1;

mountVendorPage((view) => {
  let sdk: OpenIMSDK | undefined;
  return {
    title: 'OpenIM (open-im-sdk)',
    about: 'new OpenIMSDK(), login({userID, token, url, platformID}), createTextMessage + sendMessage, OnRecvNewMessage.',
    async signIn(name) {
      const { userID, token, platformID } = await vendorCredential('openim', name);
      const openIM = new OpenIMSDK();
      openIM.on(CbEvents.OnRecvNewMessage, (res: { data: string }) => {
        // open-im-sdk 2.x hands the message over as JSON text.
        const m = JSON.parse(res.data) as Item;
        if (m.contentType === TEXT && m.sessionType === SINGLE) view.received(m.sendID, m.content);
      });
      await openIM.login({ userID, token, url: location.origin, platformID });
      sdk = openIM;
    },
    async sendTo(peer, text) {
      if (!sdk) throw new Error('not signed in');
      const created = await sdk.createTextMessage(text);
      await sdk.sendMessage({ recvID: peer, groupID: '', message: created.data });
    },
  };
});
