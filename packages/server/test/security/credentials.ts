import { issueToken } from '../../src/auth/index.js';
import { ErrorCode } from '../../src/errors.js';
import { MEDIA_ROUTE_PREFIX, signedMediaUrl } from '../../src/media/urls.js';
import { APP_A, APP_B, type World } from './world.js';

/**
 * The HTTP side of the expired-credential and other-tenant rows: media uploads carry a one-use
 * upload token, downloads a signed URL or a native bearer token. Each case names the request
 * and the status and code it must get.
 */
export interface HttpCase {
  what: string;
  send: () => Promise<Response>;
  status: number;
  code: number;
}

const hourAgo = () => Date.now() - 3_600_000;

/** The cases, given a live upload ticket of tenant A (so that only the tenant is wrong). */
export function httpCases(world: World, ticketToken: string): HttpCase[] {
  const { url } = world.server;
  const { ids } = world;
  const upload = (app: string, token: string) =>
    fetch(`${url}${MEDIA_ROUTE_PREFIX}${app}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' }, body: 'x' });
  const download = (path: string, token?: string) => fetch(`${url}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  const mediaPath = (app: string) => `${MEDIA_ROUTE_PREFIX}${app}/${ids.media}`;
  const native = (app: typeof APP_A, userId: string, nowMs = Date.now()) => issueToken({ appId: app.id, userId, kind: 'native', ttlSec: 60, nowMs }, app.native.secret).token;
  const signed = (expiresAt: number) => signedMediaUrl({ secret: APP_A.native.secret, app: APP_A.id, mediaId: ids.media, rendition: 'original', extension: '', expiresAt });
  const { CREDENTIAL_EXPIRED, SIGNATURE_INVALID, NOT_FOUND } = ErrorCode;
  return [
    {
      what: 'an upload with an expired upload token',
      send: () => upload(APP_A.id, issueToken({ appId: APP_A.id, userId: ids.member, kind: 'upload', ttlSec: 60, nowMs: hourAgo() }, APP_A.native.secret).token),
      status: 401,
      code: CREDENTIAL_EXPIRED,
    },
    { what: "tenant A's upload ticket on tenant B's route", send: () => upload(APP_B.id, ticketToken), status: 401, code: SIGNATURE_INVALID },
    { what: 'a download with an expired bearer token', send: () => download(mediaPath(APP_A.id), native(APP_A, ids.member, hourAgo())), status: 401, code: CREDENTIAL_EXPIRED },
    { what: 'a download with an expired signed URL', send: () => download(signed(Date.now() - 60_000)), status: 403, code: CREDENTIAL_EXPIRED },
    { what: "tenant A's media with tenant B's token on tenant A's route", send: () => download(mediaPath(APP_A.id), native(APP_B, 'b-user')), status: 401, code: SIGNATURE_INVALID },
    { what: "tenant A's media id on tenant B's route, with tenant B's token", send: () => download(mediaPath(APP_B.id), native(APP_B, 'b-user')), status: 404, code: NOT_FOUND },
    { what: "tenant A's signed URL replayed on tenant B's route", send: () => download(signed(Date.now() + 60_000).replace(`/${APP_A.id}/`, `/${APP_B.id}/`)), status: 403, code: SIGNATURE_INVALID },
  ];
}
