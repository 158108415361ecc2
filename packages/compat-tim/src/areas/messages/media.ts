import { createAudio, createFile, createImage, createVideo, isBlob, type MediaSource } from '@parley/core/client';
import type { TimMessage } from '../../convert/message.js';
import type { TimCore } from '../../core.js';
import { paramsError, TimCode } from '../../errors.js';
import type { MESSAGE_OPTIONS } from '../../types.js';
import { build, common, num, payloadOf, str } from './build.js';
import { isObject } from './state.js';

const MB = 1024 * 1024;

type MediaKindName = 'image' | 'audio' | 'video' | 'file';

/** tim-js-sdk's upload limits and the codes a file breaking them fails with (tim.md §6.14). */
const MEDIA_RULES: Record<MediaKindName, { limit: number; tooLarge: number; empty: number }> = {
  image: { limit: 20 * MB, tooLarge: TimCode.MESSAGE_IMAGE_SIZE_LIMIT, empty: TimCode.MESSAGE_IMAGE_SELECT_FILE_FIRST },
  audio: { limit: 20 * MB, tooLarge: TimCode.MESSAGE_AUDIO_SIZE_LIMIT, empty: TimCode.MESSAGE_FILE_IS_EMPTY },
  video: { limit: 100 * MB, tooLarge: TimCode.MESSAGE_VIDEO_SIZE_LIMIT, empty: TimCode.MESSAGE_FILE_IS_EMPTY },
  file: { limit: 100 * MB, tooLarge: TimCode.MESSAGE_FILE_SIZE_LIMIT, empty: TimCode.MESSAGE_FILE_SELECT_FILE_FIRST },
};

/** The file of a media payload: a `File`/`Blob`, a file input, or a Mini Program pick result with an uploaded URL. */
function mediaSource(payload: Record<string, unknown>): { source: MediaSource; size: number; durationMs: number } {
  const file = payload.file;
  if (file === undefined || file === null || typeof file !== 'object') throw paramsError('payload.file');
  if (isBlob(file)) return { source: file, size: file.size, durationMs: 0 };
  const f = file as Record<string, unknown>;
  if ('files' in f) {
    // An <input type="file">: its first chosen file.
    const first = (f.files as ArrayLike<unknown> | null | undefined)?.[0];
    if (!isBlob(first)) throw paramsError('payload.file');
    return { source: first, size: first.size, durationMs: 0 };
  }
  // Mini Program / uni-app results: chooseImage and chooseMessageFile ({tempFiles}), chooseVideo
  // ({tempFile | tempFilePath, size, duration} in seconds), the recorder ({tempFilePath, duration} in ms).
  const first = Array.isArray(f.tempFiles) ? f.tempFiles[0] : f.tempFile;
  const durationMs = num(f.duration) * (f.fileSize !== undefined ? 1 : 1000);
  if (isBlob(first)) return { source: first, size: first.size, durationMs };
  const entry = isObject(first) ? first : {};
  const path = str(entry.path) || str(entry.tempFilePath) || str(f.tempFilePath) || (Array.isArray(f.tempFilePaths) ? str(f.tempFilePaths[0]) : '');
  const size = num(entry.size) || num(f.size) || num(f.fileSize);
  // A local Mini Program path cannot be uploaded from here; a URL already uploaded can be sent as it is.
  if (/^https?:\/\//i.test(path)) return { source: { url: path, ...(size && { size }) }, size, durationMs };
  throw paramsError('payload.file');
}

function mediaMessage(tim: TimCore, options: MESSAGE_OPTIONS, kind: MediaKindName): TimMessage {
  const o = common(options);
  const payload = payloadOf(o);
  const { source, size, durationMs } = mediaSource(payload);
  const rules = MEDIA_RULES[kind];
  const refusal = !isBlob(source) ? undefined : size === 0 ? { code: rules.empty } : size > rules.limit ? { code: rules.tooLarge, message: `the ${kind} is larger than ${rules.limit / MB} MB` } : undefined;
  const durationSec = Math.floor(durationMs / 1000) || num(payload.second) || undefined;
  const mediaOptions = durationSec ? { durationSec } : {};
  const content = kind === 'image' ? createImage(source) : kind === 'audio' ? createAudio(source, mediaOptions) : kind === 'video' ? createVideo(source, mediaOptions) : createFile(source);
  let preview: string | undefined;
  if (kind === 'image' && isBlob(source) && !refusal) {
    try {
      preview = URL.createObjectURL(source);
    } catch {
      // No object URLs here (some runtimes): the image shows once it is uploaded.
    }
  }
  return build(tim, o, content, { ...(refusal && { refusal }), ...(preview && { preview }) });
}

/** `createImageMessage` (≤ 20 MB; a larger or empty file fails at send with 2253 / 2251). */
export function createImageMessage(tim: TimCore, options: MESSAGE_OPTIONS): TimMessage {
  return mediaMessage(tim, options, 'image');
}

/** `createAudioMessage` (≤ 20 MB, 2301). */
export function createAudioMessage(tim: TimCore, options: MESSAGE_OPTIONS): TimMessage {
  return mediaMessage(tim, options, 'audio');
}

/** `createVideoMessage` (≤ 100 MB, 2351). */
export function createVideoMessage(tim: TimCore, options: MESSAGE_OPTIONS): TimMessage {
  return mediaMessage(tim, options, 'video');
}

/** `createFileMessage` (≤ 100 MB, 2402; an empty file fails with 2401). */
export function createFileMessage(tim: TimCore, options: MESSAGE_OPTIONS): TimMessage {
  return mediaMessage(tim, options, 'file');
}

