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
  let picked: PickedFile | undefined;
  form.forEach((value, key) => {
    if (picked || typeof value !== 'object' || value === null) return;
    picked = { blob: value, name: key.trim() || (value as Blob & { name?: string }).name || 'file' };
  });
  if (!picked) throw new JmError(JmCode.FILE_NOT_EXIST);
  return picked;
}

/**
 * Uploads one file as a JMessage media: the server keeps it, measures it (size, CRC32, image
 * format and dimensions) and returns its `media_id`. @throws {UploadError} on a refusal.
 */
export function uploadFile(client: Client, file: PickedFile, kind: 'image' | 'file' | 'avatar'): Promise<Media> {
  const mediaKind = kind === 'image' ? MediaKind.IMAGE : kind === 'avatar' ? MediaKind.AVATAR : MediaKind.FILE;
  return mediaOf(client).upload(file.blob, { kind: mediaKind, fileName: file.name, mime: file.blob.type || '' });
}
