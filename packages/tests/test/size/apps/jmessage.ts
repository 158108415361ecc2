/// <reference lib="dom" />
// The compat bundle entry: a JMessage Web SDK v2 page after `jmessage-sdk-web.min.js` was
// replaced by @parley/compat-jmessage, using the calls a chat page makes.
import { JMessage } from '@parley/compat-jmessage';

/** Inits, logs in, listens for messages and events, sends a text, and lists conversations and groups. */
export function startJmessageApp(authPayload: object, username: string, password: string, render: (data: unknown) => void) {
  const JIM = new JMessage({ debug: false });
  JIM.init(authPayload).onSuccess(() => {
    JIM.login({ username, password }).onSuccess(() => {
      JIM.onMsgReceive(render);
      JIM.onSyncConversation(render);
      JIM.onEventNotification(render);
      JIM.onDisconnect(() => render('disconnected'));
      JIM.sendSingleMsg({ target_username: 'bob', content: 'hi' }).onSuccess(render).onFail(render);
      JIM.getConversation().onSuccess(render);
      JIM.getGroups().onSuccess(render);
    });
  });
  return JIM;
}
