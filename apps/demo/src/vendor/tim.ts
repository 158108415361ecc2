// A TIM (tim-js-sdk) page: written as a tim-js-sdk app is, on @parley/compat-tim.
import TIM, { type ChatSDK, type Message } from '@parley/compat-tim';
import { vendorCredential } from './credentials.js';
import { mountVendorPage } from './page.js';

mountVendorPage((view) => {
  let tim: ChatSDK | undefined;
  return {
    title: 'TIM (tim-js-sdk)',
    about: 'TIM.create({SDKAppID}), login({userID, userSig}), SDK_READY, createTextMessage + sendMessage (C2C), MESSAGE_RECEIVED.',
    async signIn(name) {
      const { SDKAppID, userID, userSig } = await vendorCredential('tim', name);
      const sdk = TIM.create({ SDKAppID });
      const ready = new Promise<void>((resolve) => sdk.on(TIM.EVENT.SDK_READY, () => resolve()));
      sdk.on(TIM.EVENT.MESSAGE_RECEIVED, (event: { data: Message[] }) => {
        for (const m of event.data) {
          if (m.type === TIM.TYPES.MSG_TEXT && m.conversationType === TIM.TYPES.CONV_C2C) view.received(m.from, String(m.payload.text ?? ''));
        }
      });
      sdk.on(TIM.EVENT.KICKED_OUT, () => view.status('Signed in elsewhere.'));
      await sdk.login({ userID, userSig });
      await ready;
      tim = sdk;
    },
    async sendTo(peer, text) {
      if (!tim) throw new Error('not signed in');
      await tim.sendMessage(tim.createTextMessage({ to: peer, conversationType: TIM.TYPES.CONV_C2C, payload: { text } }));
    },
  };
});
