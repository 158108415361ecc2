// A MaxLeap IM page: written as an ML.im (maxleap-im) app is, on @parley/compat-maxleap.
import ML, { type MlInstance } from '@parley/compat-maxleap';
import { vendorCredential } from './credentials.js';
import { mountVendorPage } from './page.js';

/** The fields of an `onMessage` payload this page reads. */
interface Incoming {
  from: { id: string; type?: number };
  content: { media: number; body: unknown };
}

mountVendorPage((view) => {
  let im: MlInstance | undefined;
  return {
    title: 'MaxLeap IM (maxleap-im)',
    about: 'ML.im({appId, clientId, userId}, callback), toFriend(peer).text(t).ok(), onMessage.',
    async signIn(name) {
      const { appId, clientId } = await vendorCredential('maxleap', name);
      const instance = await new Promise<MlInstance>((resolve, reject) => {
        // The callback runs again after every reconnect: only the first settles the sign-in.
        const made: MlInstance = ML.im({ appId, clientId, userId: name }, (result) => {
          if (result.success) resolve(made);
          else reject(new Error(`login refused (${result.error ?? 'unknown'})`));
        });
        made.onMessage((msg) => {
          const m = msg as Incoming;
          // type 0 (or none) is one-to-one, media 0 a text.
          if ((m.from.type ?? 0) === 0 && m.content.media === 0) view.received(m.from.id, String(m.content.body));
        });
      });
      im = instance;
    },
    async sendTo(peer, text) {
      if (!im) throw new Error('not signed in');
      // ok() reports nothing, as in the vendor SDK.
      im.toFriend(peer).text(text).ok();
    },
  };
});
