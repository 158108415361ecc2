import type { parley } from '@parley/protocol';
import { issueUploadTicket, resolveMedia } from '../../model/media.js';
import type { OpCall, OpFamily } from './types.js';

/**
 * Media tickets and resolution (§2.12); the bytes go over HTTP (`http/media.ts`). Guests may
 * do neither: uploads need an owner, and resolving is for users who read the messages and
 * profiles that name the media.
 */
export const mediaOps: OpFamily = {
  ops: {
    mediaUploadTicket: ({ ctx, actor, payload }: OpCall<parley.v1.MediaUploadTicket>) => issueUploadTicket(ctx, actor, payload),
    mediaResolve: ({ ctx, actor, payload }: OpCall<parley.v1.MediaResolve>) => resolveMedia(ctx, actor, payload),
  },
  readOnly: ['mediaResolve'],
};
