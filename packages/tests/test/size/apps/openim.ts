/// <reference lib="dom" />
// The compat bundle entry: an open-im-sdk 2.0 app after its dependency was aliased to
// @parley/compat-openim, using the calls a chat page makes.
import { CbEvents, OpenIMSDK } from '@parley/compat-openim';

/** Logs in, shows the conversation list and incoming messages, and sends a text. */
export async function startOpenImApp(userID: string, token: string, render: (data: unknown) => void) {
  const openIM = new OpenIMSDK();
  openIM.on(CbEvents.ONCONVERSATIONCHANGED, ({ data }) => render(JSON.parse(data)));
  openIM.on(CbEvents.ONRECVNEWMESSAGE, ({ data }) => render(JSON.parse(data)));
  await openIM.login({ userID, token, url: 'wss://chat.example.com', platformID: 5 });
  const { data: message } = await openIM.createTextMessage('hi');
  await openIM.sendMessage({ recvID: 'bob', groupID: '', message });
  render(JSON.parse((await openIM.getAllConversationList()).data));
  render(JSON.parse((await openIM.getHistoryMessageList({ userID: 'bob', groupID: '', startClientMsgID: '', count: 20 })).data));
  render(JSON.parse((await openIM.getJoinedGroupList()).data));
  return openIM;
}
