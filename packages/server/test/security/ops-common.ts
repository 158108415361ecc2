import type { Ids } from './world.js';

/** Request pieces that the parts of the matrix table share. */

export const text = (convId: string, body = 'hello') => ({ convId, elements: [{ text: { text: body } }] });
/** An online-only message (S3): not stored, but checked like any other. */
export const transient = (convId: string) => ({ ...text(convId), flags: { onlineOnly: true } });
export const group = (ids: Ids) => `group:${ids.group}`;
export const groupMsg = (ids: Ids) => ({ serverMsgId: ids.groupMsg.serverMsgId });
export const c2cMsg = (ids: Ids) => ({ serverMsgId: ids.c2cMsg.serverMsgId });
export const room = (ids: Ids) => ({ roomId: ids.room });
export const listed = (ids: Ids) => ({ roomId: ids.listedRoom });
