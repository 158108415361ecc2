import { MessageType, RequestFunc } from '../../constants.js';
import type { Item } from '../../convert/message-elem.js';
import { contentOfItem } from '../../convert/message-parse.js';
import type { OpenImCore } from '../../core.js';
import { OpenImCode, OpenImError } from '../../errors.js';
import type { MethodSpec, MethodTable } from '../../method.js';
import { created, createTextMessage, creator } from './create-text.js';
import { ids, list } from './list-params.js';
import { messageArg, number, object, record, text } from './params.js';

/** A creator whose params fill one elem of a MessageItem (the parser makes the content). */
function fromElem(core: OpenImCore, contentType: number, key: string, elem: Record<string, unknown>): Item {
  return created(core, contentOfItem({ contentType, [key]: elem }, core.userId));
}

/** The 2.0.3 `*FromFullPath` creators read local files: a browser page has no file system to read. */
function noFileSystem(event: string, name: string): MethodSpec {
  return {
    event,
    run: () => {
      throw new OpenImError(OpenImCode.API, `${name} reads a local file path, which a web page cannot; upload the file and use the URL-based creator with sendMessageNotOss`);
    },
  };
}

/** `createQuoteMessage`: quotes never nest, so a quoted quote is flattened to its text (101). */
function quoted(core: OpenImCore, value: unknown): Item {
  const item = messageArg(core, value);
  if (item.contentType !== MessageType.QUOTEMESSAGE) return item;
  const elem = item.quoteElem as { text?: unknown } | null | undefined;
  return { ...item, contentType: MessageType.TEXTMESSAGE, content: typeof elem?.text === 'string' ? elem.text : '' };
}

/** The message creators (openim.md §2.3): local, nothing is stored or sent. Loaded on first use but for `createTextMessage`. */
export const createMethods: MethodTable = {
  createTextMessage,
  createTextAtMessage: creator(RequestFunc.CREATETEXTATMESSAGE, (core, data) => {
    const p = record(data);
    return fromElem(core, MessageType.ATTEXTMESSAGE, 'atElem', { text: text(p.text, 'text'), atUserList: ids(p.atUserIDList, 'atUserIDList'), isAtSelf: false });
  }),
  createImageMessage: creator(RequestFunc.CREATEIMAGEMESSAGEFROMBYURL, (core, data) => {
    const p = record(data);
    const elem = { sourcePath: '', sourcePicture: object(p.sourcePicture, 'sourcePicture'), bigPicture: object(p.bigPicture, 'bigPicture'), snapshotPicture: object(p.snapshotPicture, 'snapshotPicture') };
    return fromElem(core, MessageType.PICTUREMESSAGE, 'pictureElem', elem);
  }),
  createSoundMessage: creator(RequestFunc.CREATESOUNDMESSAGEBYURL, (core, data) => {
    const p = object(record(data).soundBaseInfo ?? data, 'soundBaseInfo');
    return fromElem(core, MessageType.VOICEMESSAGE, 'soundElem', { ...p, sourceUrl: text(p.sourceUrl, 'sourceUrl') });
  }),
  createVideoMessage: creator(RequestFunc.CREATEVIDEOMESSAGEBYURL, (core, data) => {
    const p = object(record(data).videoBaseInfo ?? data, 'videoBaseInfo');
    return fromElem(core, MessageType.VIDEOMESSAGE, 'videoElem', { ...p, videoUrl: text(p.videoUrl, 'videoUrl') });
  }),
  createFileMessage: creator(RequestFunc.CREATEFILEMESSAGEBYURL, (core, data) => {
    const p = object(record(data).fileBaseInfo ?? data, 'fileBaseInfo');
    return fromElem(core, MessageType.FILEMESSAGE, 'fileElem', { ...p, sourceUrl: text(p.sourceUrl, 'sourceUrl') });
  }),
  createImageMessageFromFullPath: noFileSystem(RequestFunc.CREATEIMAGEMESSAGEFROMFULLPATH, 'createImageMessageFromFullPath'),
  createSoundMessageFromFullPath: noFileSystem(RequestFunc.CREATESOUNDMESSAGEFROMFULLPATH, 'createSoundMessageFromFullPath'),
  createVideoMessageFromFullPath: noFileSystem(RequestFunc.CREATEVIDEOMESSAGEFROMFULLPATH, 'createVideoMessageFromFullPath'),
  createFileMessageFromFullPath: noFileSystem(RequestFunc.CREATEFILEMESSAGEFROMFULLPATH, 'createFileMessageFromFullPath'),
  createMergerMessage: creator(RequestFunc.CREATEMERGERMESSAGE, (core, data) => {
    const p = record(data);
    const title = text(p.title, 'title');
    const summaries = ids(p.summaryList, 'summaryList');
    // The vendor answers "" when the list cannot be read as messages (openim.md §2.3).
    let messages: Item[];
    try {
      messages = list(p.messageList, 'messageList').map((m) => messageArg(core, m));
    } catch {
      return '';
    }
    if (messages.length === 0) return '';
    return fromElem(core, MessageType.MERGERMESSAGE, 'mergeElem', { title, abstractList: summaries, multiMessage: messages });
  }),
  createForwardMessage: creator(RequestFunc.CREATEFORWARDMESSAGE, (core, data) => {
    const item = messageArg(core, data);
    // As the vendor: only a sent message can be forwarded; otherwise "" (and errCode 0). The copy
    // keeps its content type and, like the vendor's, says status 2.
    if (item.status !== 2) return '';
    return created(core, contentOfItem(item, core.userId), { status: 'sent', ...(typeof item.ex === 'string' && item.ex && { cloudCustomData: item.ex }) });
  }),
  createFaceMessage: creator(RequestFunc.CREATEFACEMESSAGE, (core, data) => {
    const p = record(data);
    return fromElem(core, MessageType.FACEMESSAGE, 'faceElem', { index: number(p.index, 'index'), data: text(p.data, 'data') });
  }),
  createLocationMessage: creator(RequestFunc.CREATELOCATIONMESSAGE, (core, data) => {
    const p = record(data);
    return fromElem(core, MessageType.LOCATIONMESSAGE, 'locationElem', { description: text(p.description, 'description'), longitude: number(p.longitude, 'longitude'), latitude: number(p.latitude, 'latitude') });
  }),
  createCustomMessage: creator(RequestFunc.CREATECUSTOMMESSAGE, (core, data) => {
    const p = record(data);
    return fromElem(core, MessageType.CUSTOMMESSAGE, 'customElem', { data: text(p.data, 'data'), extension: text(p.extension ?? '', 'extension'), description: text(p.description ?? '', 'description') });
  }),
  createQuoteMessage: creator(RequestFunc.CREATEQUOTEMESSAGE, (core, data) => {
    const p = record(data);
    return fromElem(core, MessageType.QUOTEMESSAGE, 'quoteElem', { text: text(p.text, 'text'), quoteMessage: quoted(core, p.message) });
  }),
  createCardMessage: creator(RequestFunc.CREATECARDMESSAGE, (core, data) => created(core, contentOfItem({ contentType: MessageType.CARDMESSAGE, content: text(data, 'cardDesc') }, core.userId))),
};
