import { createText, RoomKind, roomsOf } from '@parley/core';
import { extrasToWire, textOf } from './areas/messages.js';
import { paramsOf, stringMap } from './areas/params.js';
import type { Channel } from './channel.js';
import type { Result } from './core.js';
import { Code, HummerError, paramError } from './errors.js';

/** Channel objects with a join in flight: a second `joinChannel` meanwhile is refused as a repeat. */
const joining = new WeakSet<Channel>();

/** `channel.joinChannel()` (see Channel). */
export function joinChannel(channel: Channel): Promise<Result> {
  return channel.core.call('joinChannel', async () => {
    if (channel.channelId === '') throw paramError('channelId must be a non-empty string');
    if (joining.has(channel) || channel.handle?.active) throw new HummerError(Code.ResourceAlreadyExist, 'ResourceAlreadyExist: the channel is joined already');
    joining.add(channel);
    try {
      channel.attach(await roomsOf(channel.core.client).join(channel.channelId, { kind: RoomKind.CHANNEL, region: channel.region, initialMembers: 0 }));
    } finally {
      joining.delete(channel);
    }
    return {};
  });
}

/** `channel.leaveChannel()` (see Channel). */
export function leaveChannel(channel: Channel): Promise<Result> {
  return channel.core.call('leaveChannel', async () => {
    const handle = channel.handle;
    channel.detach();
    await handle?.leave();
    return {};
  });
}

/** `channel.sendP2CMessage({message, appExtras})` (see Channel). */
export function sendP2CMessage(channel: Channel, params: unknown): Promise<Result> {
  return channel.core.call('sendP2CMessage', async () => {
    const p = paramsOf(params);
    const content = textOf(p.message);
    const appExtras = stringMap(p.appExtras, 'appExtras');
    const handle = channel.handle;
    if (!handle?.active) throw new HummerError(Code.ResourceNotFound, 'ResourceNotFound: join the channel first');
    const { elements, fallbackText } = createText(content);
    await handle.send(elements, { fallbackText, onlineOnly: true, ...(Object.keys(appExtras).length > 0 ? { extras: extrasToWire(appExtras) } : {}) });
    return {};
  });
}
