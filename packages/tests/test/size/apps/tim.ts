/// <reference lib="dom" />
// The compat bundle entry: a tim-js-sdk app after its import was swapped for @parley/compat-tim,
// using the calls a chat page makes. Compared with the vendor's own core file (124 kB gzipped).
import TIM from '@parley/compat-tim';

/** Logs in, shows the conversation list and incoming messages, and sends a text. */
export function startTimApp(userID: string, userSig: string, render: (data: unknown) => void) {
  const tim = TIM.create({ SDKAppID: 1400000000 });
  tim.setLogLevel(1);
  tim.on(TIM.EVENT.CONVERSATION_LIST_UPDATED, (event: { data: unknown }) => render(event.data));
  tim.on(TIM.EVENT.MESSAGE_RECEIVED, (event: { data: unknown }) => render(event.data));
  tim.on(TIM.EVENT.SDK_READY, () => {
    const message = tim.createTextMessage({ to: 'bob', conversationType: TIM.TYPES.CONV_C2C, payload: { text: 'hi' } });
    void tim.sendMessage(message);
    void tim.getMessageList({ conversationID: 'C2Cbob' }).then(render);
    void tim.getGroupList().then(render);
  });
  void tim.login({ userID, userSig });
  return tim;
}
