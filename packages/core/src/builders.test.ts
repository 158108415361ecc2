import { describe, expect, it } from 'vitest';
import {
  combine,
  createCard,
  createCustom,
  createFace,
  createFile,
  createForward,
  createImage,
  createLocation,
  createMerger,
  createQuote,
  createText,
  createVideo,
  hasPendingUploads,
  snapshotMessage,
} from './builders.js';
import type { Message } from './model.js';

const sent = (fields: Partial<Message> = {}): Message => ({
  convId: 'c2c:bob',
  clientMsgId: 'cm1',
  serverMsgId: '77',
  seq: 3,
  senderId: 'alice',
  time: 1000,
  elements: [{ text: { text: 'original' } }],
  status: 'sent',
  isRead: true,
  isPeerRead: true,
  ...fields,
});

describe('text, location, face, custom, card', () => {
  it('builds a text element with mentions and a fallback text', () => {
    expect(createText('hi')).toEqual({ elements: [{ text: { text: 'hi' } }], fallbackText: 'hi' });
    expect(createText('@bob hi', { mentions: { userIds: ['bob'] } }).mentions).toEqual({ userIds: ['bob'], all: false });
    expect(createText('@all', { mentions: { all: true } }).mentions).toEqual({ userIds: [], all: true });
    expect(createText('x', { mentions: {} }).mentions).toBeUndefined();
    expect(() => createText('')).toThrow(/non-empty/);
  });

  it('builds location, face, custom and card elements', () => {
    expect(createLocation({ latitude: 1.5, longitude: -2, description: 'here' }).elements[0]).toEqual({ location: { description: 'here', latitude: 1.5, longitude: -2, scale: 0 } });
    expect(() => createLocation({ latitude: 91, longitude: 0 })).toThrow();
    expect(createFace({ index: 4 }).elements[0]).toEqual({ face: { index: 4, data: '' } });
    const custom = createCustom({ json: { a: 1 }, description: 'order' });
    expect(custom.elements[0]?.custom).toEqual({ data: '{"a":1}', json: '{"a":1}', description: 'order', extension: '' });
    expect(custom.fallbackText).toBe('order');
    expect(createCustom({ data: 'raw' }).elements[0]?.custom?.json).toBeUndefined();
    expect(createCard({ userId: 'u' }).elements[0]).toEqual({ card: { json: '{"userId":"u"}' } });
  });
});

describe('media', () => {
  it('keeps a local file as a pending upload beside a placeholder element', () => {
    const file = new Blob(['abc'], { type: 'image/png' });
    const c = createImage(file, { fileName: 'a.png', width: 2, height: 3 });
    expect(c.elements).toEqual([{ image: { media: { kind: 1, width: 2, height: 3, fileName: 'a.png', mime: 'image/png', size: 3 } } }]);
    expect(c.uploads).toEqual([{ elementIndex: 0, slot: 'media', file, fileName: 'a.png', mime: 'image/png', kind: 1 }]);
    expect(c.fallbackText).toBe('[Image]');
  });

  it('sends uploaded media as it is (pre-uploaded URL path)', () => {
    const c = createFile({ url: 'https://cdn/x.pdf', size: 10 }, { fileName: 'x.pdf' });
    expect(c.uploads).toBeUndefined();
    expect(c.elements[0]?.file?.media).toEqual({ kind: 0, url: 'https://cdn/x.pdf', size: 10, fileName: 'x.pdf' });
    expect(() => createImage({} as never)).toThrow(/url or a mediaId/);
  });

  it('uploads a video and its thumbnail', () => {
    const video = new Blob(['v'.repeat(10)], { type: 'video/mp4' });
    const thumb = new Blob(['t'], { type: 'image/jpeg' });
    const c = createVideo(video, { durationSec: 4, thumb });
    expect(c.uploads?.map((u) => [u.slot, u.kind, u.durationSec])).toEqual([
      ['media', 3, 4],
      ['thumb', 1, undefined],
    ]);
    expect(c.elements[0]?.video?.thumb?.size).toBe(1);
  });

  it('combines contents, re-indexing uploads and merging mentions', () => {
    const file = new Blob(['abc']);
    const c = combine(createText('a', { mentions: { userIds: ['x'] } }), createImage(file), createText('b', { mentions: { userIds: ['x', 'y'] } }));
    expect(c.elements).toHaveLength(3);
    expect(c.uploads?.[0]?.elementIndex).toBe(1);
    expect(c.mentions).toEqual({ userIds: ['x', 'y'], all: false });
    expect(c.fallbackText).toBe('a [Image] b');
  });
});

describe('quote, merger, forward', () => {
  it('quotes a snapshot without local fields and without nesting', () => {
    const quoted = sent({ elements: [{ quote: { text: 'inner', quoted: { seq: 1 } } }, { text: { text: 'second' } }] });
    const c = createQuote('reply', quoted);
    const q = c.elements[0]?.quote;
    expect(q?.text).toBe('reply');
    expect(q?.quoted?.elements).toEqual([{ text: { text: 'inner' } }]);
    expect(q?.quoted?.serverMsgId).toBe('77');
    expect(q?.quoted).not.toHaveProperty('status');
    expect(q?.quoted).not.toHaveProperty('isPeerRead');
    expect(() => createQuote('r', sent({ seq: 0, serverMsgId: '' }))).toThrow(/sent message/);
  });

  it('merges messages with a title, abstracts and the embedded messages', () => {
    const a = sent({ seq: 1, elements: [{ text: { text: 'one' } }], sender: { nickname: 'Alice' } });
    const b = sent({ seq: 2, senderId: 'bob', elements: [{ image: { media: { url: 'u' } } }] });
    const c = createMerger([a, b], { title: 'Our chat' });
    const m = c.elements[0]?.merger;
    expect(m?.title).toBe('Our chat');
    expect(m?.abstracts).toEqual(['Alice: one', 'bob: [Image]']);
    expect(m?.messages?.map((x) => x.seq)).toEqual([1, 2]);
    expect(m?.messages?.[0]).not.toHaveProperty('status');
    expect(m?.compatibleText).toBe('[Chat History] Our chat');
    expect(() => createMerger([], { title: 't' })).toThrow();
    expect(() => createMerger([a], { title: '' })).toThrow();
  });

  it('uploads a large merger body as a relay media instead of inlining it', () => {
    const big = sent({ elements: [{ text: { text: 'x'.repeat(12_000) } }] });
    const c = createMerger([big], { title: 'Long', abstracts: ['a'] });
    const m = c.elements[0]?.merger;
    expect(m?.messages).toEqual([]);
    expect(m?.relay).toMatchObject({ kind: 5, fileName: 'merger.json', mime: 'application/json' });
    expect(c.uploads).toHaveLength(1);
    expect(c.uploads?.[0]).toMatchObject({ elementIndex: 0, slot: 'relay', kind: 5 });
    expect(c.uploads?.[0]?.file.size).toBeGreaterThan(12_000);
    expect(createMerger([big], { title: 'Long', inlineLimitBytes: 100_000 }).uploads).toBeUndefined();
  });

  it('refuses to embed a message whose files are not uploaded', () => {
    const draft = { ...sent(), uploads: [{ elementIndex: 0, slot: 'media' as const, file: new Blob(['x']), fileName: 'x', mime: '', kind: 0 }] };
    expect(() => snapshotMessage(draft)).toThrow(/not uploaded/);
    expect(hasPendingUploads(draft)).toBe(true);
    expect(hasPendingUploads(sent())).toBe(false);
  });

  it('forwards a deep copy of the elements with no ids', () => {
    const original = sent({ cloudCustomData: 'cc', mentions: { userIds: ['x'] } });
    const draft = createForward(original, 'group:g');
    expect(draft).toEqual({ convId: 'group:g', elements: [{ text: { text: 'original' } }], fallbackText: 'original', cloudCustomData: 'cc' });
    expect(draft).not.toHaveProperty('clientMsgId');
    (draft.elements[0] as { text: { text: string } }).text.text = 'changed';
    expect(original.elements[0]?.text?.text).toBe('original');
    expect(() => createForward(sent({ state: 1 }), 'c2c:x')).toThrow(/revoked/);
  });
});
