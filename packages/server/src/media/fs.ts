import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { type FileHandle, mkdir, open, rename, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type ByteRange, isMediaId, type MediaRead, type MediaStore, type MediaWrite, type RenditionName } from './types.js';

const RENDITIONS: readonly RenditionName[] = ['original', 'large', 'thumb'];
const TEMP_DIR = '.tmp';

/**
 * A {@link MediaStore} in a directory: `<root>/<app>/<first two characters of the id>/<id>.<rendition>`.
 * The two-character shard keeps directories small. A write goes to `<root>/<app>/.tmp/` and is
 * renamed into place after an fsync, so a crash leaves either the whole object or none (and at
 * worst a stray temporary file).
 */
export class FsMediaStore implements MediaStore {
  /** @param root - The directory, created on first write (usually `<dataDir>/media`). */
  constructor(private readonly root: string) {}

  async create(app: string, mediaId: string, rendition: RenditionName): Promise<MediaWrite> {
    const target = this.pathOf(app, mediaId, rendition);
    const tempDir = join(this.appDir(app), TEMP_DIR);
    await mkdir(tempDir, { recursive: true });
    const temp = join(tempDir, `${randomBytes(12).toString('hex')}.part`);
    // `flush`: fsync before the close, so the rename below never publishes unwritten bytes.
    const stream = createWriteStream(temp, { flags: 'wx', mode: 0o600, flush: true });
    // The writer's pipeline reports errors; `commit` checks `errored`. Never an uncaught exception.
    stream.on('error', () => undefined);
    // Not `events.once`: it rejects on the stream's 'error', which precedes 'close' after a failure.
    const closed = (): Promise<void> => new Promise((resolve) => (stream.closed ? resolve() : stream.once('close', () => resolve())));
    let settled = false;
    return {
      stream,
      async commit() {
        if (settled) throw new Error('media write already settled');
        settled = true;
        try {
          await closed();
          if (stream.errored) throw stream.errored;
          await mkdir(dirname(target), { recursive: true });
          await rename(temp, target);
        } catch (error) {
          await unlink(temp).catch(() => undefined);
          throw error;
        }
      },
      async abort() {
        if (settled) return;
        settled = true;
        stream.destroy();
        await closed();
        await unlink(temp).catch(() => undefined);
      },
    };
  }

  async open(app: string, mediaId: string, rendition: RenditionName, range?: ByteRange): Promise<MediaRead | undefined> {
    let handle: FileHandle;
    try {
      handle = await open(this.pathOf(app, mediaId, rendition), 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    try {
      const { size } = await handle.stat();
      // The stream owns the handle from here and closes it at its end or on destroy.
      const stream = handle.createReadStream(range ? { start: range.start, end: range.end } : {});
      return { size, stream };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async delete(app: string, mediaId: string): Promise<void> {
    await Promise.all(
      RENDITIONS.map((rendition) =>
        unlink(this.pathOf(app, mediaId, rendition)).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== 'ENOENT') throw error;
        }),
      ),
    );
  }

  private appDir(app: string): string {
    const name = encodeURIComponent(app);
    // Config allows dots in app ids; `.` and `..` would leave the media root.
    if (name === '' || name === '.' || name === '..') throw new RangeError(`app id '${app}' cannot name a directory`);
    return join(this.root, name);
  }

  private pathOf(app: string, mediaId: string, rendition: RenditionName): string {
    if (!isMediaId(mediaId)) throw new RangeError('invalid media id');
    if (!RENDITIONS.includes(rendition)) throw new RangeError('invalid rendition');
    return join(this.appDir(app), mediaId.slice(0, 2), `${mediaId}.${rendition}`);
  }
}
