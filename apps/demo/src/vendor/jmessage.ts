// A JMessage Web SDK v2 page: written as a jmessage-sdk-web app is, on @parley/compat-jmessage.
import JMessage, { type JmHandle } from '@parley/compat-jmessage';
import { vendorCredential } from './credentials.js';
import { mountVendorPage } from './page.js';

/** The fields of an `onMsgReceive` message this page reads. */
interface Received {
  msg_type: number;
  content: { from_id: string; msg_type: string; msg_body: { text?: string } };
}

/** A JMessage callback chain as a Promise, as legacy pages wrap it by hand. */
function done(handle: JmHandle): Promise<unknown> {
  return new Promise((resolve, reject) => {
    handle
      .onSuccess((data: unknown) => resolve(data))
      .onFail((data: unknown) => reject(data))
      .onTimeout((data: unknown) => reject(data));
  });
}

mountVendorPage((view) => {
  let jim: JMessage | undefined;
  return {
    title: 'JMessage (jmessage-sdk-web v2)',
    about: 'new JMessage(), init(authPayload), login({username, password}), sendSingleMsg({target_username, content}), onMsgReceive.',
    async signIn(name) {
      const { authPayload, username, password } = await vendorCredential('jmessage', name);
      const sdk = new JMessage({ debug: false });
      sdk.onMsgReceive((data) => {
        for (const m of (data as { messages?: Received[] }).messages ?? []) {
          // 3 is a one-to-one message; groups (4) are not on this page.
          if (m.msg_type === 3 && m.content.msg_type === 'text') view.received(m.content.from_id, m.content.msg_body.text ?? '');
        }
      });
      sdk.onDisconnect(() => view.status('Disconnected.'));
      await done(sdk.init(authPayload));
      await done(sdk.login({ username, password }));
      jim = sdk;
    },
    async sendTo(peer, text) {
      if (!jim) throw new Error('not signed in');
      await done(jim.sendSingleMsg({ target_username: peer, content: text }));
    },
  };
});
