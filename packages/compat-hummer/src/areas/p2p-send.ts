import { createText } from '@parley/core';
import type { HummerCore, Result } from '../core.js';
import { paramError } from '../errors.js';
import { extrasToWire, textOf } from './messages.js';
import { paramsOf, stringMap } from './params.js';

/**
 * `hummer.sendP2PMessage({receiver | recevier | uid, message, options: {isOffline}, appExtras})`:
 * a one-to-one text outside any room. The receiver may be named by any of the three spellings
 * the vendor's docs use (`receiver` first, then `recevier` (sic), then `uid`). `isOffline: true`
 * stores the message for the receiver's next login; otherwise only sessions online now get it,
 * and sending to a user who is offline still succeeds.
 */
export function sendP2PMessage(core: HummerCore, input: unknown): Promise<Result> {
  return core.call('sendP2PMessage', async () => {
    const p = paramsOf(input);
    const receiver = [p.receiver, p.recevier, p.uid].find((v) => v !== undefined && v !== null && v !== '');
    if (typeof receiver !== 'string') throw paramError('receiver must be a non-empty string (a uid)');
    const content = textOf(p.message);
    const options = paramsOf(p.options);
    const appExtras = stringMap(p.appExtras, 'appExtras');
    const client = core.client;
    await client.send({
      convId: `c2c:${receiver}`,
      ...createText(content),
      ...(Object.keys(appExtras).length > 0 ? { extras: extrasToWire(appExtras) } : {}),
      ...(options.isOffline === true ? {} : { flags: { onlineOnly: true } }),
    });
    return { appid: core.appid, uid: core.uid };
  });
}
