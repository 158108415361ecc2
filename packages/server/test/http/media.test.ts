import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../../src/auth/index.js';
import type { AppConfig } from '../../src/config/types.js';
import { ErrorCode } from '../../src/errors.js';
import { sniffImage } from '../../src/media/sniff.js';
import { mediaUrlSignature } from '../../src/media/urls.js';
import { avatarUrl } from '../../src/model/media.js';
import { createUser } from '../../src/model/users.js';
import { refusal, TestClient } from '../helpers/client.js';
import { startTestServer, TEST_APP, type TestServer } from '../helpers/server.js';

const IMAGE = 1;
const FILE = 0;
const AVATAR = 4;

const OTHER_APP: AppConfig = { id: 'other', native: { apiKey: 'other-api-key-0123456789', secret: 'other-native-secret-0123456789abcd' } };

function png(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 40, b: 90 } } }).png().toBuffer();
}

function jpeg(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 10, g: 120, b: 240 } } }).jpeg().toBuffer();
}

interface Ticket {
  uploadUrl: string;
  token: string;
  expiresAt: number;
}

function ticket(client: TestClient, kind: number, fileName: string, size = 0, mime = ''): Promise<Ticket> {
  return client.request('mediaUploadTicket', { kind, fileName, mime, size });
}

/** POSTs `body` raw, or as multipart under `field` when given. */
function upload(server: TestServer, t: Ticket, body: Buffer, field?: string, fileName = 'upload.bin'): Promise<Response> {
  const headers = { authorization: `Bearer ${t.token}` };
  if (field === undefined) return fetch(server.url + t.uploadUrl, { method: 'POST', headers: { ...headers, 'content-type': 'application/octet-stream' }, body });
  const form = new FormData();
  form.append(field, new Blob([body]), fileName);
  return fetch(server.url + t.uploadUrl, { method: 'POST', headers, body: form });
}

// biome-ignore lint/suspicious/noExplicitAny: the Media JSON is read loosely
async function uploadOk(server: TestServer, client: TestClient, kind: number, body: Buffer, field?: string): Promise<any> {
  const t = await ticket(client, kind, field === undefined ? 'raw.png' : '', body.length);
  const res = await upload(server, t, body, field);
  expect(res.status).toBe(201);
  return res.json();
}

async function bytesOf(res: Response): Promise<Buffer> {
  return Buffer.from(await res.arrayBuffer());
}

function storedFiles(server: TestServer): string[] {
  const root = join(server.dataDir, 'media');
  try {
    return readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => entry.name);
  } catch {
    return [];
  }
}

async function storedRecords(server: TestServer, app = TEST_APP.id): Promise<number> {
  return (await server.context.store.list({ prefix: [app, 'media', 'obj'] })).length;
}

for (const store of ['memory', 'sqlite'] as const) {
  describe(`media on the ${store} store`, () => {
    let server: TestServer;
    let alice: TestClient;
    let bob: TestClient;

    beforeAll(async () => {
      server = await startTestServer({ store, apps: [TEST_APP, OTHER_APP] });
      alice = await server.login('alice');
      bob = await server.login('bob');
    });
    afterAll(async () => {
      alice.close();
      bob.close();
      await server.stop();
    });

    describe('upload and download', () => {
      it('round-trips a raw PNG with its CRC-32, size and renditions', async () => {
        const bytes = await png(1000, 600);
        const media = await uploadOk(server, alice, IMAGE, bytes);
        expect(media).toMatchObject({ kind: IMAGE, size: bytes.length, crc32: crc32(bytes), width: 1000, height: 600, format: 'png', mime: 'image/png', ownerId: 'alice', fileName: 'raw.png' });
        expect(media.mediaId).toMatch(/^[A-Za-z0-9_-]{20}$/);
        expect(media.expiresAt).toBeGreaterThan(Date.now());
        expect(media.renditions.map((r: { kind?: number }) => r.kind ?? 0)).toEqual([0, 1, 2]);
        expect(media.renditions[1]).toMatchObject({ width: 720, height: 432 });
        expect(media.renditions[2]).toMatchObject({ width: 198, height: 119 });

        const original = await fetch(server.url + media.url);
        expect(original.status).toBe(200);
        expect(original.headers.get('content-type')).toBe('image/png');
        expect(original.headers.get('content-length')).toBe(String(bytes.length));
        expect(original.headers.get('cache-control')).toMatch(/^private/);
        expect(original.headers.get('etag')).toBe(`"${media.mediaId}.original"`);
        expect((await bytesOf(original)).equals(bytes)).toBe(true);

        for (const [index, width] of [
          [1, 720],
          [2, 198],
        ] as const) {
          const res = await fetch(server.url + media.renditions[index].url);
          expect(res.status).toBe(200);
          const body = await bytesOf(res);
          expect(body.length).toBe(media.renditions[index].size);
          const meta = await sharp(body).metadata();
          expect(meta.format).toBe('png');
          expect(meta.width).toBe(width);
        }
      });

      it('accepts any single multipart file field (JMessage file-name key, MaxLeap userfile/attachment)', async () => {
        const bytes = await jpeg(320, 240);
        for (const field of ['holiday.jpg', 'userfile', 'attachment']) {
          const media = await uploadOk(server, alice, IMAGE, bytes, field);
          expect(media).toMatchObject({ size: bytes.length, crc32: crc32(bytes), width: 320, height: 240, format: 'jpg', mime: 'image/jpeg', fileName: 'upload.bin' });
          expect((await bytesOf(await fetch(server.url + media.url))).equals(bytes)).toBe(true);
          expect(media.renditions[2]).toMatchObject({ width: 198, height: 149 });
        }
      });

      it('serves a small image as its own large and thumb renditions, also by the .sm name', async () => {
        const bytes = await png(100, 80);
        const media = await uploadOk(server, alice, AVATAR, bytes);
        expect(media.renditions.map((r: { width: number }) => r.width)).toEqual([100, 100, 100]);
        expect((await bytesOf(await fetch(server.url + media.renditions[2].url))).equals(bytes)).toBe(true);
        // MaxLeap's thumbnail URL: `.sm` inserted before the extension of the original URL.
        const derived = media.url.replace(/\.png\?/, '.sm.png?');
        expect(derived).not.toBe(media.url);
        expect((await bytesOf(await fetch(server.url + derived))).equals(bytes)).toBe(true);
      });

      it('stores a file of another kind as declared and sends it as a download', async () => {
        const bytes = Buffer.from('hello, 世界 🌏\n'.repeat(50));
        const t = await ticket(alice, FILE, 'notes 📝.txt', bytes.length, 'text/plain');
        const res = await upload(server, t, bytes);
        expect(res.status).toBe(201);
        // biome-ignore lint/suspicious/noExplicitAny: the Media JSON is read loosely
        const media: any = await res.json();
        expect(media).toMatchObject({ mime: 'text/plain', fileName: 'notes 📝.txt', format: 'txt', size: bytes.length, crc32: crc32(bytes) });
        expect(media.kind ?? FILE).toBe(FILE);
        expect(media.renditions ?? []).toEqual([]);
        const got = await fetch(server.url + media.url);
        expect(got.headers.get('content-disposition')).toBe(`attachment; filename="notes __.txt"; filename*=UTF-8''${encodeURIComponent('notes 📝.txt')}`);
        expect(got.headers.get('x-content-type-options')).toBe('nosniff');
        expect((await bytesOf(got)).equals(bytes)).toBe(true);
      });

      it('takes a client-measured duration from a multipart field after the file', async () => {
        const bytes = Buffer.from('ID3 not really audio');
        const t = await ticket(alice, 2, 'voice.mp3', bytes.length, 'audio/mpeg');
        const form = new FormData();
        form.append('voice.mp3', new Blob([bytes]), 'voice.mp3');
        form.append('durationSec', '3.5');
        const res = await fetch(server.url + t.uploadUrl, { method: 'POST', headers: { authorization: `Bearer ${t.token}` }, body: form });
        expect(res.status).toBe(201);
        expect(await res.json()).toMatchObject({ kind: 2, durationSec: 3.5, format: 'mp3', mime: 'audio/mpeg' });
      });

      it('answers HEAD, byte ranges and If-None-Match', async () => {
        const bytes = await png(50, 50);
        const media = await uploadOk(server, alice, IMAGE, bytes);
        const head = await fetch(server.url + media.url, { method: 'HEAD' });
        expect(head.status).toBe(200);
        expect(head.headers.get('content-length')).toBe(String(bytes.length));
        expect(head.headers.get('accept-ranges')).toBe('bytes');

        const part = await fetch(server.url + media.url, { headers: { range: 'bytes=8-23' } });
        expect(part.status).toBe(206);
        expect(part.headers.get('content-range')).toBe(`bytes 8-23/${bytes.length}`);
        expect((await bytesOf(part)).equals(bytes.subarray(8, 24))).toBe(true);

        const tail = await fetch(server.url + media.url, { headers: { range: 'bytes=-10' } });
        expect((await bytesOf(tail)).equals(bytes.subarray(bytes.length - 10))).toBe(true);

        const beyond = await fetch(server.url + media.url, { headers: { range: `bytes=${bytes.length}-` } });
        expect(beyond.status).toBe(416);
        await beyond.arrayBuffer();

        const cached = await fetch(server.url + media.url, { headers: { 'if-none-match': `"${media.mediaId}.original"` } });
        expect(cached.status).toBe(304);
      });
    });

    describe('refused uploads', () => {
      it('refuses an "image" whose bytes are no image with 415 and stores nothing', async () => {
        const before = storedFiles(server).length;
        const records = await storedRecords(server);
        const body = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
        for (const field of [undefined, 'userfile']) {
          const t = await ticket(alice, IMAGE, 'x.png');
          const res = await upload(server, t, body, field);
          expect(res.status).toBe(415);
          expect(await res.json()).toMatchObject({ error: { code: ErrorCode.INVALID_PARAM, detail: 'file' } });
        }
        expect(storedFiles(server).length, storedFiles(server).join()).toBe(before);
        expect(await storedRecords(server)).toBe(records);
      });

      it('refuses a reused ticket, a forged token and a missing token with 401', async () => {
        const bytes = await png(20, 20);
        const t = await ticket(alice, IMAGE, 'a.png');
        expect((await upload(server, t, bytes)).status).toBe(201);
        const again = await upload(server, t, bytes);
        expect(again.status).toBe(401);
        expect(await again.json()).toMatchObject({ error: { code: ErrorCode.CREDENTIAL_REPLAYED } });

        const forged = issueToken({ appId: TEST_APP.id, userId: 'alice', kind: 'upload', ttlSec: 60 }, 'not-the-secret').token;
        const res = await upload(server, { ...t, token: forged }, bytes);
        expect(res.status).toBe(401);
        expect(await res.json()).toMatchObject({ error: { code: ErrorCode.SIGNATURE_INVALID } });

        // A genuine token of another kind (a login token) is no ticket.
        const native = issueToken({ appId: TEST_APP.id, userId: 'alice', kind: 'native', ttlSec: 60 }, TEST_APP.native.secret).token;
        expect((await upload(server, { ...t, token: native }, bytes)).status).toBe(401);

        const none = await fetch(server.url + t.uploadUrl, { method: 'POST', body: bytes });
        expect(none.status).toBe(401);
        expect(await none.json()).toMatchObject({ error: { code: ErrorCode.UNAUTHENTICATED } });
      });

      it('refuses a file whose size differs from the ticket, an empty file and multipart bodies without exactly one file', async () => {
        const bytes = await png(20, 20);
        const wrong = await upload(server, await ticket(alice, IMAGE, 'a.png', bytes.length + 1), bytes);
        expect(wrong.status).toBe(400);
        expect(await wrong.json()).toMatchObject({ error: { code: ErrorCode.INVALID_PARAM, detail: 'size' } });

        const empty = await upload(server, await ticket(alice, FILE, 'a.txt'), Buffer.alloc(0));
        expect(empty.status).toBe(400);

        const two = new FormData();
        two.append('a', new Blob([bytes]), 'a.png');
        two.append('b', new Blob([bytes]), 'b.png');
        const t2 = await ticket(alice, IMAGE, '');
        const res2 = await fetch(server.url + t2.uploadUrl, { method: 'POST', headers: { authorization: `Bearer ${t2.token}` }, body: two });
        expect(res2.status).toBe(400);

        const none = new FormData();
        none.append('note', 'no file here');
        const t3 = await ticket(alice, IMAGE, '');
        const res3 = await fetch(server.url + t3.uploadUrl, { method: 'POST', headers: { authorization: `Bearer ${t3.token}` }, body: none });
        expect(res3.status).toBe(400);
        expect(await res3.json()).toMatchObject({ error: { detail: 'file' } });
      });

      it('refuses bad ticket requests', async () => {
        expect(await refusal(ticket(alice, 99, 'a.png'))).toBe(ErrorCode.INVALID_PARAM);
        expect(await refusal(ticket(alice, IMAGE, 'a.png', 0, 'not a type'))).toBe(ErrorCode.INVALID_PARAM);
        expect(await refusal(ticket(alice, IMAGE, 'a\u0000.png'))).toBe(ErrorCode.INVALID_PARAM);
        expect(await refusal(ticket(alice, IMAGE, `${'x'.repeat(300)}.png`))).toBe(ErrorCode.INVALID_PARAM);
        expect(await refusal(ticket(alice, IMAGE, 'huge.png', 21 * 1024 * 1024))).toBe(ErrorCode.TOO_LARGE);
        // A path is reduced to its file name.
        const t = await ticket(alice, FILE, 'C:\\Users\\me\\report.pdf');
        // biome-ignore lint/suspicious/noExplicitAny: the Media JSON is read loosely
        const media: any = await (await upload(server, t, Buffer.from('%PDF-1.4'))).json();
        expect(media.fileName).toBe('report.pdf');
      });

      it('refuses an upload to an unknown app and the wrong methods', async () => {
        const t = await ticket(alice, FILE, 'a.txt');
        expect((await fetch(`${server.url}/parley/media/nope`, { method: 'POST', headers: { authorization: `Bearer ${t.token}` }, body: 'x' })).status).toBe(404);
        // The ticket is bound to its app: presented to another app it does not verify.
        expect((await fetch(`${server.url}/parley/media/other`, { method: 'POST', headers: { authorization: `Bearer ${t.token}` }, body: 'x' })).status).toBe(401);
        expect((await fetch(server.url + t.uploadUrl)).status).toBe(405);
      });
    });

    describe('download access', () => {
      // biome-ignore lint/suspicious/noExplicitAny: the Media JSON is read loosely
      let media: any;
      let bytes: Buffer;
      beforeAll(async () => {
        bytes = await png(64, 48);
        media = await uploadOk(server, alice, IMAGE, bytes);
      });

      it('refuses a missing, forged or tampered signature', async () => {
        const bare = media.url.split('?')[0];
        const none = await fetch(server.url + bare);
        expect(none.status).toBe(401);
        expect(await none.json()).toMatchObject({ error: { code: ErrorCode.UNAUTHENTICATED } });

        const forged = await fetch(`${server.url + bare}?exp=${media.expiresAt}&sig=${'A'.repeat(43)}`);
        expect(forged.status).toBe(403);
        expect(await forged.json()).toMatchObject({ error: { code: ErrorCode.SIGNATURE_INVALID } });

        const longer = media.url.replace(/exp=\d+/, `exp=${media.expiresAt + 86_400_000}`);
        expect((await fetch(server.url + longer)).status).toBe(403);
        const stable = media.url.replace(/exp=\d+/, 'exp=0');
        expect((await fetch(server.url + stable)).status).toBe(403);

        const expiredSig = mediaUrlSignature(TEST_APP.native.secret, TEST_APP.id, media.mediaId, 1000);
        const expired = await fetch(`${server.url + bare}?exp=1000&sig=${expiredSig}`);
        expect(expired.status).toBe(403);
        expect(await expired.json()).toMatchObject({ error: { code: ErrorCode.CREDENTIAL_EXPIRED } });
      });

      it("serves a user of the app by bearer token, never another app's credential", async () => {
        const bare = media.url.split('?')[0];
        const token = (app: AppConfig) => issueToken({ appId: app.id, userId: 'bob', kind: 'native', ttlSec: 60 }, app.native.secret).token;
        const ok = await fetch(server.url + bare, { headers: { authorization: `Bearer ${token(TEST_APP)}` } });
        expect(ok.status).toBe(200);
        expect(ok.headers.get('cache-control')).toBe('private, no-cache');
        expect((await bytesOf(ok)).equals(bytes)).toBe(true);

        const foreign = await fetch(server.url + bare, { headers: { authorization: `Bearer ${token(OTHER_APP)}` } });
        expect(foreign.status).toBe(401);
        await foreign.arrayBuffer();

        // Under the other app's path, even with that app's valid credentials, the media does not exist.
        const otherPath = bare.replace(`/parley/media/${TEST_APP.id}/`, `/parley/media/${OTHER_APP.id}/`);
        const byToken = await fetch(server.url + otherPath, { headers: { authorization: `Bearer ${token(OTHER_APP)}` } });
        expect(byToken.status).toBe(404);
        const sig = mediaUrlSignature(OTHER_APP.native.secret, OTHER_APP.id, media.mediaId, 0);
        expect((await fetch(`${server.url + otherPath}?exp=0&sig=${sig}`)).status).toBe(404);
        // This app's signature under the other app's path does not verify.
        expect((await fetch(server.url + otherPath + media.url.slice(bare.length))).status).toBe(403);
      });

      it('answers 404 for unknown media and malformed names, after checking credentials', async () => {
        const id = 'AAAAAAAAAAAAAAAAAAAA';
        const sig = mediaUrlSignature(TEST_APP.native.secret, TEST_APP.id, id, 0);
        expect((await fetch(`${server.url}/parley/media/${TEST_APP.id}/${id}.png?exp=0&sig=${sig}`)).status).toBe(404);
        expect((await fetch(`${server.url}/parley/media/${TEST_APP.id}/${id}.png`)).status).toBe(401);
        expect((await fetch(`${server.url}/parley/media/${TEST_APP.id}/..%2Fetc.png?exp=0&sig=x`)).status).toBe(404);
        expect((await fetch(`${server.url}/parley/media/${TEST_APP.id}/${media.mediaId}.xx.png${media.url.slice(media.url.indexOf('?'))}`)).status).toBe(404);
      });
    });

    describe('media.resolve', () => {
      it('gives any user of the app working signed URLs and leaves out unknown ids', async () => {
        const bytes = await png(300, 300);
        const media = await uploadOk(server, alice, IMAGE, bytes);
        const resolved = await bob.request('mediaResolve', { mediaIds: [media.mediaId, 'AAAAAAAAAAAAAAAAAAAA', media.mediaId] });
        expect(resolved.media).toHaveLength(1);
        const [one] = resolved.media;
        expect(one).toMatchObject({ mediaId: media.mediaId, ownerId: 'alice', width: 300, height: 300, size: bytes.length });
        expect(one.expiresAt).toBeGreaterThan(Date.now() + 3_000_000);
        expect((await bytesOf(await fetch(server.url + one.url))).equals(bytes)).toBe(true);
        const thumb = await fetch(server.url + one.renditions[2].url);
        expect((await sharp(await bytesOf(thumb)).metadata()).width).toBe(198);
      });

      it("refuses bad input and never resolves another app's media", async () => {
        expect(await refusal(bob.request('mediaResolve', { mediaIds: [] }))).toBe(ErrorCode.INVALID_PARAM);
        expect(await refusal(bob.request('mediaResolve', { mediaIds: ['../x'] }))).toBe(ErrorCode.INVALID_PARAM);
        expect(await refusal(bob.request('mediaResolve', { mediaIds: Array.from({ length: 101 }, (_, i) => `media-id-${i}`) }))).toBe(ErrorCode.LIMIT_EXCEEDED);

        const media = await uploadOk(server, alice, IMAGE, await png(10, 10));
        await createUser(server.context.store, OTHER_APP.id, { userId: 'carol' }, { ifMissing: true });
        const carol = await TestClient.connect(server.url);
        await carol.request('connHello', { app: { appId: OTHER_APP.id }, client: { platform: 5 } });
        const token = issueToken({ appId: OTHER_APP.id, userId: 'carol', kind: 'native', ttlSec: 60 }, OTHER_APP.native.secret).token;
        await carol.request('authLogin', { credential: { nativeToken: { userId: 'carol', token } }, platform: 5 });
        const resolved = await carol.request('mediaResolve', { mediaIds: [media.mediaId] });
        expect(resolved.media ?? []).toHaveLength(0);
        carol.close();
      });

      it('refuses guests', async () => {
        const guest = await TestClient.connect(server.url);
        await guest.request('connHello', { app: { appId: TEST_APP.id }, client: { platform: 5 } });
        await guest.request('authLogin', { credential: { anonymous: {} } });
        expect(await refusal(ticket(guest, IMAGE, 'a.png'))).toBe(ErrorCode.PERMISSION_DENIED);
        expect(await refusal(guest.request('mediaResolve', { mediaIds: ['AAAAAAAAAAAAAAAAAAAA'] }))).toBe(ErrorCode.PERMISSION_DENIED);
        guest.close();
      });
    });
  });
}

describe('media limits and URL lifetime (policy)', () => {
  const LIMITED: AppConfig = { ...TEST_APP, policy: { ...TEST_APP.policy, mediaMaxFileBytes: 1000, mediaMaxImageBytes: 2000, mediaUrlTtlSec: 1 } };
  let server: TestServer;
  let alice: TestClient;

  beforeAll(async () => {
    server = await startTestServer({}, LIMITED);
    alice = await server.login('alice');
  });
  afterAll(async () => {
    alice.close();
    await server.stop();
  });

  it('refuses a declared size over the limit at the ticket', async () => {
    expect(await refusal(ticket(alice, FILE, 'big.bin', 1001))).toBe(ErrorCode.TOO_LARGE);
  });

  it('refuses an oversized upload with 413 and stores nothing (raw, chunked and multipart)', async () => {
    const big = Buffer.alloc(5000, 7);
    const raw = await upload(server, await ticket(alice, FILE, 'big.bin'), big);
    expect(raw.status).toBe(413);
    expect(await raw.json()).toMatchObject({ error: { code: ErrorCode.TOO_LARGE } });

    // Without a length up front the limit is found while streaming.
    const t = await ticket(alice, FILE, 'big.bin');
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 5; i++) controller.enqueue(new Uint8Array(1000));
        controller.close();
      },
    });
    const chunked = await fetch(server.url + t.uploadUrl, { method: 'POST', headers: { authorization: `Bearer ${t.token}` }, body: stream, duplex: 'half' } as RequestInit);
    expect(chunked.status).toBe(413);
    await chunked.arrayBuffer();

    const multipart = await upload(server, await ticket(alice, FILE, ''), big, 'attachment');
    expect(multipart.status).toBe(413);
    await multipart.arrayBuffer();

    const image = await upload(server, await ticket(alice, IMAGE, 'a.png'), Buffer.concat([await png(10, 10), Buffer.alloc(3000)]));
    expect(image.status).toBe(413);
    await image.arrayBuffer();

    expect(storedFiles(server)).toEqual([]);
    expect(await storedRecords(server)).toBe(0);

    const fits = await upload(server, await ticket(alice, FILE, 'ok.bin'), Buffer.alloc(1000, 1));
    expect(fits.status).toBe(201);
  });

  it('signs URLs that stop working when they expire', async () => {
    const bytes = await png(10, 10);
    const t = await ticket(alice, IMAGE, 'a.png');
    // biome-ignore lint/suspicious/noExplicitAny: the Media JSON is read loosely
    const media: any = await (await upload(server, t, bytes)).json();
    const resolved = await alice.request('mediaResolve', { mediaIds: [media.mediaId] });
    const url: string = resolved.media[0].url;
    const fresh = await fetch(server.url + url);
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get('cache-control')).toMatch(/^private, max-age=[01], immutable$/);
    await fresh.arrayBuffer();
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, resolved.media[0].expiresAt - Date.now()) + 50));
    const stale = await fetch(server.url + url);
    expect(stale.status).toBe(403);
    expect(await stale.json()).toMatchObject({ error: { code: ErrorCode.CREDENTIAL_EXPIRED } });
  });
});

describe('image detection', () => {
  const solid = (width: number, height: number, channels: 3 | 4 = 3) => sharp({ create: { width, height, channels, background: { r: 1, g: 2, b: 3, alpha: 0.5 } } });

  it('reads the format and size of every accepted image type from its header', async () => {
    expect(sniffImage(await png(33, 17))).toEqual({ format: 'png', mime: 'image/png', width: 33, height: 17 });
    expect(sniffImage(await jpeg(33, 17))).toEqual({ format: 'jpg', mime: 'image/jpeg', width: 33, height: 17 });
    expect(sniffImage(await solid(33, 17).gif().toBuffer())).toEqual({ format: 'gif', mime: 'image/gif', width: 33, height: 17 });
    // The three WebP encodings: lossy (VP8), lossless (VP8L), extended (VP8X, here for the alpha channel).
    expect(sniffImage(await solid(33, 17).webp().toBuffer())).toMatchObject({ format: 'webp', width: 33, height: 17 });
    expect(sniffImage(await solid(33, 17).webp({ lossless: true }).toBuffer())).toMatchObject({ format: 'webp', width: 33, height: 17 });
    expect(sniffImage(await solid(33, 17, 4).webp({ alphaQuality: 50 }).toBuffer())).toMatchObject({ format: 'webp', width: 33, height: 17 });
    // A JPEG whose frame header comes after a large metadata segment.
    const exif = await solid(33, 17)
      .jpeg()
      .withExif({ IFD0: { ImageDescription: 'x'.repeat(20_000) } })
      .toBuffer();
    expect(exif.length).toBeGreaterThan(20_000);
    expect(sniffImage(exif)).toMatchObject({ format: 'jpg', width: 33, height: 17 });

    const bmp = Buffer.alloc(54);
    bmp.write('BM', 0, 'latin1');
    bmp.writeUInt32LE(40, 14);
    bmp.writeInt32LE(33, 18);
    bmp.writeInt32LE(-17, 22); // top-down rows
    expect(sniffImage(bmp)).toEqual({ format: 'bmp', mime: 'image/bmp', width: 33, height: 17 });
  });

  it('recognises no image in other bytes', () => {
    expect(sniffImage(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeUndefined();
    expect(sniffImage(Buffer.from('BM is the start of this text, not a bitmap'))).toBeUndefined();
    expect(sniffImage(Buffer.alloc(0))).toBeUndefined();
  });
});

describe('GIF uploads and avatar references', () => {
  let server: TestServer;
  let alice: TestClient;
  beforeAll(async () => {
    server = await startTestServer();
    alice = await server.login('alice');
  });
  afterAll(async () => {
    alice.close();
    await server.stop();
  });

  it('serves a GIF as its own renditions (resizing would drop its animation)', async () => {
    const bytes = await sharp({ create: { width: 900, height: 300, channels: 3, background: '#0a0' } }).gif().toBuffer();
    const media = await uploadOk(server, alice, IMAGE, bytes);
    expect(media).toMatchObject({ format: 'gif', mime: 'image/gif', width: 900, height: 300 });
    expect(media.renditions.map((r: { width: number }) => r.width)).toEqual([900, 900, 900]);
    expect((await bytesOf(await fetch(server.url + media.renditions[2].url))).equals(bytes)).toBe(true);
  });

  it('turns a media: avatar reference into a working URL and leaves other avatars alone', async () => {
    const bytes = await png(40, 40);
    const media = await uploadOk(server, alice, AVATAR, bytes);
    const app = server.context.tenants.get(TEST_APP.id);
    if (app === undefined) throw new Error('no test app');
    const url = avatarUrl(app, `media:${media.mediaId}`, Date.now());
    expect((await bytesOf(await fetch(server.url + url))).equals(bytes)).toBe(true);
    expect(avatarUrl(app, 'https://example.com/a.png', Date.now())).toBe('https://example.com/a.png');
    expect(avatarUrl(app, 'media:../../etc', Date.now())).toBe('media:../../etc');
  });
});
