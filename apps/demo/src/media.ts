import { type Client, createImage, type Message, mediaOf } from '@parley/core';
import { h, on } from './dom.js';

/** Images larger than this are refused before upload (the server's default limit is higher). */
const MAX_IMAGE_BYTES = 10 * 1024 * 1024;

/**
 * The image part of the composer: a labelled file input (images only), a preview of the chosen
 * image with send and cancel, and the send through the core's media path (the outbox uploads
 * the file right before the send, reporting progress).
 */
export class ImageComposer {
  /** The attach button (a label around a visually hidden file input). */
  readonly attach: HTMLElement;
  /** The preview bar, shown above the composer while an image is chosen. */
  readonly preview: HTMLElement;
  readonly #input: HTMLInputElement;
  readonly #img: HTMLImageElement;
  readonly #name: HTMLElement;
  readonly #error: HTMLElement;
  #file: File | undefined;
  #url = '';

  constructor(
    private readonly client: Client,
    private readonly convId: () => string,
    private readonly sending: (clientMsgId: string, localUrl: string) => void,
    private readonly progress: (clientMsgId: string, fraction: number) => void,
  ) {
    this.#input = h('input', { type: 'file', accept: 'image/*', id: 'attach', class: 'visually-hidden', 'data-testid': 'attach' });
    on(this.#input, 'change', () => this.#choose(this.#input.files?.[0]));
    this.#input.setAttribute('aria-label', 'Attach an image');
    this.attach = h('label', { class: 'attach', for: 'attach', title: 'Attach an image' }, 'Image', this.#input);
    this.#img = h('img', { class: 'preview-img', alt: '' });
    this.#name = h('span', { class: 'preview-name' });
    this.#error = h('span', { class: 'reason', role: 'alert' });
    const send = on(h('button', { type: 'button', 'data-testid': 'send-image' }, 'Send image'), 'click', () => this.#send());
    const cancel = on(h('button', { type: 'button', class: 'secondary', 'data-testid': 'cancel-image' }, 'Cancel'), 'click', () => this.clear());
    this.preview = h('div', { class: 'image-preview', 'data-testid': 'image-preview', hidden: true, role: 'group', 'aria-label': 'Image to send' }, this.#img, h('div', { class: 'preview-side' }, this.#name, this.#error, h('div', { class: 'preview-actions' }, send, cancel)));
    // Messages with files left in the outbox by an earlier visit need the media area to be sent.
    mediaOf(client);
  }

  /** Enables or disables the attach button (no conversation open). */
  setEnabled(enabled: boolean): void {
    this.#input.disabled = !enabled;
    this.attach.classList.toggle('disabled', !enabled);
    if (!enabled) this.clear();
  }

  /** Drops the chosen image. */
  clear(): void {
    this.#file = undefined;
    this.#input.value = '';
    if (this.#url) URL.revokeObjectURL(this.#url);
    this.#url = '';
    this.#img.removeAttribute('src');
    this.#name.textContent = '';
    this.#error.textContent = '';
    this.preview.hidden = true;
  }

  #choose(file: File | undefined): void {
    this.clear();
    if (!file) return;
    if (!file.type.startsWith('image/')) {
      this.#show('That file is not an image.');
      return;
    }
    if (file.size > MAX_IMAGE_BYTES) {
      this.#show('That image is larger than 10 MB.');
      return;
    }
    this.#file = file;
    this.#url = URL.createObjectURL(file);
    this.#img.src = this.#url;
    this.#img.alt = file.name;
    this.#name.textContent = file.name;
    this.preview.hidden = false;
  }

  #show(error: string): void {
    this.#error.textContent = error;
    this.preview.hidden = false;
  }

  #send(): void {
    const file = this.#file;
    const convId = this.convId();
    if (!file || !convId) return;
    const clientMsgId = crypto.randomUUID();
    const size = this.#img.naturalWidth > 0 ? { width: this.#img.naturalWidth, height: this.#img.naturalHeight } : {};
    // The object URL now belongs to the pending message (shown until the server's URL arrives).
    const localUrl = this.#url;
    this.#url = '';
    this.clear();
    this.sending(clientMsgId, localUrl);
    // A failed upload or send turns the message `failed` (the `messageUpdated` event): the retry button sends it again.
    mediaOf(this.client)
      .send({ convId, clientMsgId, ...createImage(file, { fileName: file.name, ...size }) }, { onProgress: (f) => this.progress(clientMsgId, f) })
      .catch(() => {});
  }
}

/** The image of a message, if it is an image message: its URL (made absolute) and file name. */
export function imageOf(client: Client, message: Message): { url: string; name: string } | undefined {
  const media = message.elements.find((e) => e.image)?.image?.media;
  if (!media) return undefined;
  return { url: media.url ? mediaOf(client).absoluteUrl(media.url) : '', name: media.fileName || 'image' };
}

/**
 * An `<img>` for a media URL, set as an attribute (never markup), with `alt` from the file
 * name; an image that fails to load is replaced by a text label.
 */
export function imageElement(url: string, name: string): HTMLElement {
  const img = h('img', { class: 'message-img', 'data-testid': 'message-image', alt: name, src: url });
  on(img, 'error', () => img.replaceWith(h('span', { class: 'image-fallback', 'data-testid': 'image-fallback' }, `Image not available: ${name}`)));
  return img;
}
