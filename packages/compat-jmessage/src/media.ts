import { type Client, type Media, MediaKind, mediaOf } from '@parley/core';
import { JmCode, JmError } from './errors.js';

/** One file out of a FormData (jmessage.md §2.11): the first File or Blob entry; its key is the file name. */
export interface PickedFile {
  blob: Blob;
  name: string;
}

/** @throws {JmError} 880005 when the FormData holds no file, 880002 when it is not a FormData. */
export function pickFile(form: unknown): PickedFile {
  if (typeof FormData === 'undefined' || !(form instanceof FormData)) {
    // A bare File or Blob is taken as is (apps that skipped the FormData step).
    if (typeof Blob !== 'undefined' && form instanceof Blob) return { blob: form, name: (form as Blob & { name?: string }).name || 'file' };
    throw new JmError(JmCode.INVALID_PARAM);
  }
  for (const [key, value] of form.entries()) {
    if (typeof value === 'object' && value !== null) {
      const named = (value as Blob & { name?: string }).name;
      return { blob: value as Blob, name: (key.trim() || named || 'file') };
    }
  }
  throw new JmError(JmCode.FILE_NOT_EXIST);
}

/**
 * Uploads one file as a JMessage media: the server keeps it, measures it (size, CRC32, image
 * format and dimensions) and returns its `media_id`. @throws {UploadError} on a refusal.
 */
export function uploadFile(client: Client, file: PickedFile, kind: 'image' | 'file'): Promise<Media> {
  return mediaOf(client).upload(file.blob, { kind: kind === 'image' ? MediaKind.IMAGE : MediaKind.FILE, fileName: file.name, mime: file.blob.type || '' });
}
