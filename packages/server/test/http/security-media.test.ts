import { readdirSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../../src/auth/index.js';
import { validateAppConfig } from '../../src/config/apps.js';
import { ErrorCode } from '../../src/errors.js';
import { mediaUrlSignature } from '../../src/media/urls.js';
import { OTHER_APP } from '../helpers/app.js';
import type { TestClient } from '../helpers/client.js';
import { startTestServer, TEST_APP, type TestServer } from '../helpers/server.js';

const FILE = 0;
const IMAGE = 1;
const AUDIO = 2;

interface Ticket {
  uploadUrl: string;
  token: string;
}

// biome-ignore lint/suspicious/noExplicitAny: the Media JSON is read loosely
type Media = any;

let server: TestServer;
let alice: TestClient;

async function uploadAs(kind: number, fileName: string, mime: string, body: Buffer): Promise<Response> {
  const t: Ticket = await alice.request('mediaUploadTicket', { kind, fileName, mime, size: body.length });
  return fetch(server.url + t.uploadUrl, { method: 'POST', headers: { authorization: `Bearer ${t.token}`, 'content-type': 'application/octet-stream' }, body });
}

async function uploaded(kind: number, fileName: string, mime: string, body: Buffer): Promise<Media> {
  const res = await uploadAs(kind, fileName, mime, body);
  expect(res.status).toBe(201);
  return res.json();
}

/** A GET with the path sent as written (`fetch` would normalise dot segments and some escapes). */
function rawGet(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${server.url}/`, { path, method: 'GET', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  server = await startTestServer({ apps: [TEST_APP, OTHER_APP] });
  alice = await server.login('alice');
});
afterAll(async () => {
  alice.close();
  await server.stop();
});

describe('served media never runs as a page of the origin', () => {
  const html = Buffer.from('<!doctype html><script>parent.stolen = document.cookie</script>');

  it('sends active content under its declared type as a sandboxed, nosniff download', async () => {
    for (const [kind, fileName, mime] of [
      [FILE, 'page.html', 'text/html'],
      [FILE, 'page.xhtml', 'application/xhtml+xml'],
      [FILE, 'logo.svg', 'image/svg+xml'],
      [FILE, 'app.js', 'text/javascript'],
      [AUDIO, 'song.html', 'text/html'],
      [FILE, 'unknown', ''],
    ] as const) {
      const media = await uploaded(kind, fileName, mime, html);
      const res = await fetch(server.url + media.url);
      const label = `${fileName} (${mime || 'no type'})`;
      expect(res.status, label).toBe(200);
      expect(res.headers.get('content-type'), label).toBe(mime || 'application/octet-stream');
      expect(res.headers.get('x-content-type-options'), label).toBe('nosniff');
      expect(res.headers.get('content-security-policy'), label).toBe("default-src 'none'; sandbox; frame-ancestors 'none'");
      expect(res.headers.get('content-disposition'), label).toMatch(/^attachment; filename="/);
      expect(res.headers.get('x-frame-options'), label).toBe('DENY');
      await res.arrayBuffer();
    }
  });

  it('shows declared images, audio and video inline only under that type, which nosniff keeps from turning into HTML', async () => {
    for (const [kind, mime] of [
      [FILE, 'image/png'],
      [AUDIO, 'audio/mpeg'],
      [FILE, 'video/mp4'],
    ] as const) {
      const media = await uploaded(kind, 'x.bin', mime, html);
      const res = await fetch(server.url + media.url);
      expect(res.headers.get('content-type')).toBe(mime);
      expect(res.headers.get('content-disposition')).toMatch(/^inline/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-security-policy')).toContain('sandbox');
      await res.arrayBuffer();
    }
  });

  it('refuses HTML and SVG uploaded as images (415), whatever type they claim', async () => {
    for (const mime of ['image/png', 'image/svg+xml', '']) {
      for (const body of [html, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')]) {
        const res = await uploadAs(IMAGE, 'x.png', mime, body);
        expect(res.status).toBe(415);
        expect((await res.json()) as object).toMatchObject({ error: { code: ErrorCode.INVALID_PARAM } });
      }
    }
  });

  it('keeps file names from breaking out of Content-Disposition', async () => {
    const media = await uploaded(FILE, 'a"; filename=evil.html; x=".txt', 'text/plain', Buffer.from('hello'));
    const res = await fetch(server.url + media.url);
    const disposition = res.headers.get('content-disposition') ?? '';
    expect(disposition).toMatch(/^attachment; filename="[^"]*"; filename\*=UTF-8''[^"; ]+$/);
    // The quote became `_`, so the rest stays inside the quoted name; the extended form keeps it exact.
    expect(decodeURIComponent(disposition.split("UTF-8''")[1] ?? '')).toBe('a"; filename=evil.html; x=".txt');
    await res.arrayBuffer();
  });
});

describe('download URLs and tokens', () => {
  let media: Media;
  let bare: string;
  let query: string;
  beforeAll(async () => {
    media = await uploaded(FILE, 'notes.txt', 'text/plain', Buffer.from('0123456789abcdef'));
    bare = media.url.split('?')[0];
    query = media.url.slice(bare.length);
  });

  it('refuses tokens that are not a user login of this app: upload tickets, vendor tokens, expired ones', async () => {
    const t: Ticket = await alice.request('mediaUploadTicket', { kind: FILE, fileName: 'x.txt', mime: '', size: 1 });
    const hummer = issueToken({ appId: TEST_APP.id, userId: 'alice', kind: 'hummer', ttlSec: 60 }, TEST_APP.hummer?.tokenSecret ?? '').token;
    const openimSignedNative = issueToken({ appId: TEST_APP.id, userId: 'alice', kind: 'native', ttlSec: 60 }, TEST_APP.openim?.secret ?? '').token;
    const expired = issueToken({ appId: TEST_APP.id, userId: 'alice', kind: 'native', ttlSec: 60, nowMs: Date.now() - 120_000 }, TEST_APP.native.secret).token;
    for (const [name, token, code] of [
      ['upload ticket', t.token, ErrorCode.SIGNATURE_INVALID],
      ['hummer token', hummer, ErrorCode.SIGNATURE_INVALID],
      ['native token signed with a vendor secret', openimSignedNative, ErrorCode.SIGNATURE_INVALID],
      ['expired native token', expired, ErrorCode.CREDENTIAL_EXPIRED],
    ] as const) {
      const res = await fetch(server.url + bare, { headers: { authorization: `Bearer ${token}` } });
      expect({ name, status: res.status, code: ((await res.json()) as { error: { code: number } }).error.code }).toEqual({ name, status: 401, code });
    }
  });

  it('refuses an expired upload ticket, and a ticket of one app on another', async () => {
    const old = issueToken({ appId: TEST_APP.id, userId: 'alice', kind: 'upload', ttlSec: 60, nowMs: Date.now() - 120_000 }, TEST_APP.native.secret).token;
    const res = await fetch(`${server.url}/parley/media/${TEST_APP.id}`, { method: 'POST', headers: { authorization: `Bearer ${old}` }, body: 'x' });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: ErrorCode.CREDENTIAL_EXPIRED } });
    const t: Ticket = await alice.request('mediaUploadTicket', { kind: FILE, fileName: 'x.txt', mime: '', size: 1 });
    const elsewhere = await fetch(`${server.url}/parley/media/${OTHER_APP.id}?token=${t.token}`, { method: 'POST', body: 'x' });
    expect(elsewhere.status).toBe(401);
    await elsewhere.arrayBuffer();
  });

  it("refuses a URL signed with another app's secret, or moved to another media id", async () => {
    const otherSig = mediaUrlSignature(OTHER_APP.native.secret, TEST_APP.id, media.mediaId, 0);
    expect((await fetch(`${server.url + bare}?exp=0&sig=${otherSig}`)).status).toBe(403);
    const another = await uploaded(FILE, 'b.txt', 'text/plain', Buffer.from('other'));
    const moved = another.url.split('?')[0] + query;
    expect((await fetch(server.url + moved)).status).toBe(403);
    // A signature over the same numbers written differently is the same URL; a non-decimal one is none.
    expect((await fetch(`${server.url + bare}?exp=0x0&sig=${otherSig}`)).status).toBe(403);
  });

  it('keeps traversal in app ids and media ids inside the media store (404, never another file)', async () => {
    const sig = query;
    for (const path of [
      `/parley/media/..%2F..%2F${TEST_APP.id}/${media.mediaId}${sig}`,
      `/parley/media/%2e%2e/${media.mediaId}${sig}`,
      `/parley/media/${TEST_APP.id}%2F..%2F${TEST_APP.id}/${media.mediaId}${sig}`,
      `/parley/media/${TEST_APP.id}/..%2F..%2Fdev-tenant.json${sig}`,
      `/parley/media/${TEST_APP.id}/${media.mediaId}%00.txt${sig}`,
      `/parley/media/${TEST_APP.id}/%2e%2e%2f${media.mediaId}${sig}`,
      `/parley/media/${TEST_APP.id}/${media.mediaId}.sm.sm${sig}`,
      `/parley/media/%E0%A4%A/${media.mediaId}${sig}`,
    ]) {
      const res = await rawGet(path);
      expect([400, 404], path).toContain(res.status);
      expect(res.body, path).not.toContain('0123456789abcdef');
    }
    // The stored files keep to the app's directory.
    const dirs = readdirSync(join(server.dataDir, 'media'));
    expect(dirs.every((d) => [TEST_APP.id, OTHER_APP.id].includes(d))).toBe(true);
  });

  it('refuses app ids that are path segments of their own ("." and "..")', () => {
    for (const id of ['.', '..']) {
      expect(() => validateAppConfig({ id, native: { apiKey: 'k'.repeat(16), secret: 's'.repeat(16) } }, 'apps[0]')).toThrow(/apps\[0\]\.id/);
    }
    expect(validateAppConfig({ id: '...a.b', native: { apiKey: 'k'.repeat(16), secret: 's'.repeat(16) } }, 'apps[0]').id).toBe('...a.b');
  });

  it('answers byte ranges within the file and ignores or refuses the rest', async () => {
    const url = server.url + media.url;
    const cases: [string | undefined, number, string | undefined][] = [
      ['bytes=0-0', 206, '0'],
      ['bytes=10-', 206, 'abcdef'],
      ['bytes=-3', 206, 'def'],
      ['bytes=-100', 206, '0123456789abcdef'],
      ['bytes=4-99999999999999999999', 206, '456789abcdef'],
      ['bytes=16-', 416, ''],
      ['bytes=99999999999999999999-', 416, ''],
      ['bytes=-0', 416, ''],
      ['bytes=5-2', 200, '0123456789abcdef'],
      ['bytes=0-1,4-5', 200, '0123456789abcdef'],
      ['items=0-1', 200, '0123456789abcdef'],
      ['bytes=a-b', 200, '0123456789abcdef'],
    ];
    for (const [range, status, body] of cases) {
      const res = await fetch(url, { headers: range === undefined ? {} : { range } });
      expect({ range, status: res.status }).toEqual({ range, status });
      expect(await res.text(), range).toBe(body);
      if (status === 416) expect(res.headers.get('content-range')).toBe('bytes */16');
    }
    // A range under a stale validator gets the whole file.
    const stale = await fetch(url, { headers: { range: 'bytes=0-1', 'if-range': '"other"' } });
    expect(stale.status).toBe(200);
    expect(await stale.text()).toBe('0123456789abcdef');
  });
});
