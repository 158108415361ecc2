import { ClientCode, contactsOf, isParleyError, MediaKind, mediaOf, type ProfilePatch, UploadError } from '@parley/core';
import { toUserInfo } from '../convert/user.js';
import type { JmCore } from '../core.js';
import { JmCode, JmError } from '../errors.js';
import type { JmHandle } from '../handle.js';
import { pickFile } from '../media.js';
import { bool, optNum, optStr, str } from '../params.js';
import { fetchProfile, TARGET_USER_CODES } from './relations/lookup.js';

/** HTTP 413: the upload was larger than the server takes. */
const PAYLOAD_TOO_LARGE = 413;

/**
 * `getUserInfo({username, appkey?})` → `{user_info: UserInfo}`: any user's profile. An unknown
 * user is 880203 (the target of a call, as everywhere else; 880103 is login's code).
 */
export function getUserInfo(core: JmCore, input: unknown): JmHandle {
  return core.run(
    'getUserInfo',
    input,
    async (p, ctx) => {
      const username = str(p, 'username');
      const appkey = optStr(p, 'appkey');
      const profile = await fetchProfile(core, ctx, username, appkey);
      if (!profile) throw new JmError(JmCode.TARGET_USER_NOT_EXIST);
      return { data: { user_info: toUserInfo(profile, { username, appkey: appkey || core.appkey }) } };
    },
    { codes: TARGET_USER_CODES },
  );
}

/**
 * `updateSelfInfo({nickname?, birthday?, signature?, gender?, region?, address?})`: only the
 * fields sent change (`gender` may be a numeric string: 0 unknown, 1 male, 2 female). A value
 * the server refuses (too long) is 880002.
 */
export function updateSelfInfo(core: JmCore, input: unknown): JmHandle {
  return core.run(
    'updateSelfInfo',
    input,
    async (p) => {
      const patch: ProfilePatch = {};
      const text = { nickname: 'nickname', birthday: 'birthday', selfSignature: 'signature', region: 'region', address: 'address' } as const;
      for (const [field, key] of Object.entries(text) as Array<[keyof typeof text, string]>) {
        const value = optStr(p, key);
        if (value !== undefined) patch[field] = value;
      }
      const gender = optNum(p, 'gender');
      if (gender !== undefined) {
        if (gender !== 0 && gender !== 1 && gender !== 2) throw new JmError(JmCode.INVALID_PARAM);
        patch.gender = gender;
      }
      if (Object.keys(patch).length > 0) await contactsOf(core.client).updateProfile(patch);
      return {};
    },
    { codes: { [ClientCode.TOO_LARGE]: JmCode.INVALID_PARAM } },
  );
}

/**
 * `updateSelfAvatar({avatar: FormData})`: uploads the image (as an avatar) and makes its media
 * id the profile's avatar, which `getUserInfo` then shows and `getResource` resolves. An
 * upload over the size limit is 880210, a FormData without a file 880005.
 */
export function updateSelfAvatar(core: JmCore, input: unknown): JmHandle {
  return core.run('updateSelfAvatar', input, async (p) => {
    const file = pickFile(p.avatar);
    const client = core.client;
    let mediaId: string;
    try {
      const media = await mediaOf(client).upload(file.blob, { kind: MediaKind.AVATAR, fileName: file.name, mime: file.blob.type || '' });
      mediaId = media.mediaId ?? '';
    } catch (error) {
      // A refused upload ticket comes wrapped in the UploadError.
      const cause = error instanceof UploadError ? error.cause : error;
      if ((error instanceof UploadError && error.status === PAYLOAD_TOO_LARGE) || (isParleyError(cause) && cause.code === ClientCode.TOO_LARGE)) throw new JmError(JmCode.FILE_TOO_LARGE);
      throw error;
    }
    if (!mediaId) throw new JmError(JmCode.FILE_NOT_EXIST);
    await contactsOf(client).updateProfile({ avatar: mediaId });
    return {};
  });
}

/**
 * `updateSelfPwd({old_pwd, new_pwd, is_md5?})` (`is_md5` covers both passwords, jmessage.md
 * A14): a wrong old password is 880104. The server kicks the user's other sessions (event 2
 * there).
 */
export function updateSelfPwd(core: JmCore, input: unknown): JmHandle {
  return core.run('updateSelfPwd', input, async (p, ctx) => {
    const oldPassword = str(p, 'old_pwd');
    const newPassword = str(p, 'new_pwd');
    const isMd5 = bool(p, 'is_md5');
    await ctx.request('accountChangePassword', { oldPassword, newPassword, isMd5 });
    return {};
  });
}
