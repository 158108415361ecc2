import { ClientCode, createImage, createText, type Message, UploadError, mediaOf } from '@parley/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP, eventually, type Harness, startHarness } from './helpers/harness.js';

/** A 4×3 red PNG. */
const PNG = Uint8Array.from(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAQAAAADCAIAAAA7ljmRAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAAEUlEQVQImWP4z8AARwgWOgcA9TEL9UV+YsgAAAAASUVORK5CYII=', 'base64'));
const png = () => new Blob([PNG], { type: 'image/png' });

let h: Harness;
/** A server whose tenant allows images of at most 64 bytes. */
let small: Harness;
beforeAll(async () => {
  h = await startHarness();
  small = await startHarness({}, { ...APP, policy: { ...APP.policy, mediaMaxImageBytes: 64 } });
});
afterAll(async () => {
  await h?.stop();
  await small?.stop();
});

async function download(url: string): Promise<{ status: number; bytes: Uint8Array }> {
  const res = await fetch(url);
  return { status: res.status, bytes: new Uint8Array(await res.arrayBuffer()) };
}

describe('MediaApi', () => {
  it('uploads an image with progress, sends it, and the peer receives a downloadable image', async () => {
    const alice = await h.login('m-alice');
    const bob = await h.login('m-bob');
    const progress: number[] = [];
    const sent = await mediaOf(alice).send({ convId: 'c2c:m-bob', ...createImage(png(), { fileName: 'red.png' }) }, { onProgress: (f) => progress.push(f) });

    expect(progress[0]).toBe(0);
    expect(progress[progress.length - 1]).toBe(1);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    expect(sent.status).toBe('sent');
    expect(sent).not.toHaveProperty('uploads');
    const media = sent.elements[0]?.image?.media;
    expect(media?.mediaId).toBeTruthy();
    expect(media?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/parley\/media\//);
    expect(media).toMatchObject({ width: 4, height: 3, size: PNG.length, fileName: 'red.png', format: 'png' });

    let received: Message | undefined;
    await eventually(() => {
      received = bob.messages('c2c:m-alice').find((m) => m.clientMsgId === sent.clientMsgId);
      expect(received).toBeDefined();
    });
    const got = received?.elements[0]?.image?.media;
    expect(got?.mediaId).toBe(media?.mediaId);
    const fetched = await download(got?.url ?? '');
    expect(fetched.status).toBe(200);
    expect(fetched.bytes).toEqual(PNG);
  });

  it('uploads directly and resolves media ids to temporary URLs', async () => {
    const alice = await h.login('m-carol');
    const seen: number[] = [];
    const media = await mediaOf(alice).upload(png(), { kind: 1, fileName: 'x.png', onProgress: (f) => seen.push(f) });
    expect(seen).toEqual([0, 1]);
    expect(media.kind).toBe(1);
    const [resolved] = await mediaOf(alice).resolve([media.mediaId ?? '']);
    expect(resolved?.mediaId).toBe(media.mediaId);
    expect((resolved?.expiresAt ?? 0) > Date.now()).toBe(true);
    expect((await download(resolved?.url ?? '')).status).toBe(200);
    expect(await mediaOf(alice).resolve(['AAAAAAAAAAAAAAAAAAAA'])).toEqual([]);
  });

  it('refuses a file that is not the image it claims to be (HTTP 415)', async () => {
    const alice = await h.login('m-dan');
    const error = await mediaOf(alice).upload(new Blob(['<svg/>'], { type: 'image/png' }), { kind: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UploadError);
    expect((error as UploadError).code).toBe(ClientCode.UPLOAD_FAILED);
    expect((error as UploadError).status).toBe(415);
  });

  it('reports real upload progress through XMLHttpRequest where the platform has it', async () => {
    const alice = await h.login('m-gina');
    const requests: string[] = [];
    /** A stand-in XMLHttpRequest over fetch that reports half the body sent before the answer. */
    class FakeXhr {
      status = 0;
      responseText = '';
      timeout = 0;
      upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null };
      onload: (() => void) | null = null;
      onerror: (() => void) | null = null;
      ontimeout: (() => void) | null = null;
      onabort: (() => void) | null = null;
      #url = '';
      #headers: Record<string, string> = {};
      open(method: string, url: string) {
        requests.push(method);
        this.#url = url;
      }
      setRequestHeader(name: string, value: string) {
        this.#headers[name] = value;
      }
      abort() {
        this.onabort?.();
      }
      send(body: FormData) {
        this.upload.onprogress?.({ lengthComputable: true, loaded: 50, total: 100 });
        void fetch(this.#url, { method: 'POST', headers: this.#headers, body }).then(async (res) => {
          this.status = res.status;
          this.responseText = await res.text();
          this.onload?.();
        }, () => this.onerror?.());
      }
    }
    const g = globalThis as { XMLHttpRequest?: unknown };
    g.XMLHttpRequest = FakeXhr;
    try {
      const progress: number[] = [];
      const sent = await mediaOf(alice).send({ convId: 'c2c:m-bob', ...createImage(png()) }, { onProgress: (f) => progress.push(f) });
      expect(progress).toEqual([0, 0.5, 1]);
      expect(requests).toEqual(['POST']);
      expect(sent.elements[0]?.image?.media?.mediaId).toBeTruthy();
      const refused = await mediaOf(alice).upload(new Blob(['not an image']), { kind: 1 }).catch((e: unknown) => e);
      expect((refused as UploadError).status).toBe(415);
    } finally {
      delete g.XMLHttpRequest;
    }
  });

  it('sends already uploaded media as it is (no upload)', async () => {
    const alice = await h.login('m-erin');
    const bob = await h.login('m-frank');
    const uploaded = await mediaOf(alice).upload(png(), { kind: 1 });
    let progressCalls = 0;
    const sent = await mediaOf(alice).send({ convId: 'c2c:m-frank', ...createImage({ mediaId: uploaded.mediaId ?? '', url: uploaded.url ?? '' }) }, { onProgress: () => progressCalls++ });
    expect(progressCalls).toBe(0);
    expect(sent.elements[0]?.image?.media?.url).toBe(uploaded.url);
    await eventually(() => expect(bob.messages('c2c:m-erin').at(-1)?.elements[0]?.image?.media?.mediaId).toBe(uploaded.mediaId));
  });

  it('marks a message failed with UPLOAD_FAILED when the tenant refuses the file, and never sends it', async () => {
    const alice = await small.login('s-alice');
    const bob = await small.login('s-bob');
    mediaOf(alice);
    const error = await alice.send({ convId: 'c2c:s-bob', ...createImage(png()) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UploadError);
    expect((error as UploadError).code).toBe(ClientCode.UPLOAD_FAILED);
    expect(((error as UploadError).cause as { codeName?: string }).codeName).toBe('TOO_LARGE');
    const [failed] = alice.messages('c2c:s-bob');
    expect(failed?.status).toBe('failed');
    expect(failed?.error?.code).toBe(ClientCode.UPLOAD_FAILED);

    // The conversation still works, and the peer never saw the refused image.
    await alice.send({ convId: 'c2c:s-bob', ...createText('after') });
    await eventually(() => expect(bob.messages('c2c:s-alice').map((m) => m.elements[0]?.text?.text ?? 'image')).toEqual(['after']));
  });
});
