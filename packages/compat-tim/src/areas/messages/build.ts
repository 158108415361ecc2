import type { Content } from '@parley/core';
import { TYPES } from '../../constants.js';
import { TimMessage, toTimElements } from '../../convert/message.js';
import type { TimCore } from '../../core.js';
import { paramsError } from '../../errors.js';
import { type Draft, isObject, stateOf } from './state.js';

/** The wire's `Priority` of TIM's priority strings (and the numbers 1–4 the runtime maps to them). */
const PRIORITY: Record<string, number> = { High: 1, Normal: 0, Low: 2, Lowest: 3, '1': 1, '2': 0, '3': 2, '4': 3 };

/** A string option, or '' for anything else. */
export const str = (value: unknown): string => (typeof value === 'string' ? value : '');
/** A finite number option, or 0 for anything else. */
export const num = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

/** The checked common options (`to`, `conversationType`) and the options object itself. */
export function common(options: unknown): Record<string, unknown> & { to: string; conversationType: string } {
  if (!isObject(options)) throw paramsError('options');
  if (typeof options.to !== 'string' || options.to === '') throw paramsError('to');
  if (typeof options.conversationType !== 'string' || options.conversationType === '') throw paramsError('conversationType');
  return options as Record<string, unknown> & { to: string; conversationType: string };
}

/** The `payload` object of the options (a synchronous throw for anything else). */
export function payloadOf(options: Record<string, unknown>): Record<string, unknown> {
  if (!isObject(options.payload)) throw paramsError('payload');
  return options.payload;
}

/** The logged-in user's numeric id for message IDs: the server's tiny id, else a stable number of the user id. */
function tinyIdOf(tim: TimCore): string {
  const tiny = tim.hasClient ? Number(tim.client.connection.session?.tinyId ?? 0) : 0;
  if (tiny > 0) return String(tiny);
  let hash = 7;
  for (const ch of tim.userId) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return String(100_000 + hash);
}

/** What a creator adds to the common fields. */
export interface Extra {
  atUserList?: string[];
  refusal?: Draft['refusal'];
  preview?: string;
}

/** A new outgoing message (status `unSend`) with its draft kept behind it for `sendMessage`. */
export function build(tim: TimCore, options: Record<string, unknown> & { to: string; conversationType: string }, content: Content, extra: Extra = {}): TimMessage {
  const state = stateOf(tim);
  const m = new TimMessage();
  const clientTimeMs = Date.now();
  const clientTime = Math.floor(clientTimeMs / 1000);
  const random = Math.round(Math.random() * 99_999_999);
  const tinyId = tinyIdOf(tim);
  const type = options.conversationType;
  const isGroup = type === TYPES.CONV_GROUP;
  m.ID = `${tinyId}-${clientTime}-${random}`;
  m._setElements(toTimElements({ elements: content.elements, convId: `${isGroup ? 'group' : 'c2c'}:${options.to}` }));
  if (extra.preview) withPreview(m, extra.preview);
  m.conversationType = type as TimMessage['conversationType'];
  m.conversationID = `${type}${options.to}`;
  m.conversationSubType = isGroup ? tim.groupTypes.get(options.to) : undefined;
  m.to = options.to;
  m.from = tim.userId;
  m.flow = 'out';
  m.time = clientTime;
  m.clientTime = clientTime;
  m.status = 'unSend';
  m.random = random;
  m.clientSequence = ++state.clientSequence;
  m.senderTinyID = tinyId;
  m.isRead = true;
  const priority = PRIORITY[String(options.priority)] ?? 0;
  m.priority = (['Normal', 'High', 'Low', 'Lowest'][priority] ?? 'Normal') as TimMessage['priority'];
  m.cloudCustomData = str(options.cloudCustomData);
  m.needReadReceipt = options.needReadReceipt === true;
  m.isSupportExtension = options.isSupportExtension === true;
  m.atUserList = extra.atUserList ?? [];
  const profile = tim.hasClient ? tim.client.store.profiles.get(tim.userId) : undefined;
  m.nick = profile?.nickname ?? '';
  m.avatar = profile?.avatar ?? '';
  const onProgress = typeof options.onProgress === 'function' ? (options.onProgress as (p: number) => void) : undefined;
  state.drafts.set(m, {
    content,
    priority,
    cloudCustomData: m.cloudCustomData,
    needReadReceipt: m.needReadReceipt,
    isSupportExtension: m.isSupportExtension,
    receiverList: Array.isArray(options.receiverList) ? options.receiverList.filter((id): id is string => typeof id === 'string') : [],
    clientTime: clientTimeMs,
    onProgress,
    refusal: extra.refusal,
  });
  return m;
}

/** Shows a local image at once (a `blob:` URL), as the vendor's freshly made image messages do. */
function withPreview(m: TimMessage, url: string): void {
  const infos = m.payload.imageInfoArray;
  if (!Array.isArray(infos)) return;
  for (const info of infos as Array<Record<string, unknown>>) {
    info.url = url;
    info.imageUrl = url;
  }
}

