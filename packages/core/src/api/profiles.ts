import type { Client } from '../client.js';
import { type Profile, plain } from '../model.js';
import { refs } from './shared.js';

/**
 * Profiles of users, in the order asked (unknown users are left out): cached ones from the
 * store, the others fetched and stored (`refresh` fetches all of them). The same as
 * {@link ContactsApi.getProfiles}, in a module of its own so that a conversation list can fill
 * its peers' profiles without bundling the whole contacts area.
 * @throws {RequestError} from `user.getProfiles` (`INVALID_PARAM` above 100 ids).
 */
export async function fetchProfiles(client: Client, userIds: readonly string[], options: { refresh?: boolean } = {}): Promise<Profile[]> {
  const store = client.store.profiles;
  const missing = options.refresh ? [...userIds] : userIds.filter((id) => !store.get(id));
  if (missing.length > 0) {
    const result = await client.request('userGetProfiles', { users: refs(missing) });
    store.apply((result?.profiles ?? []).map((p) => plain(p)));
  }
  return userIds.map((id) => store.get(id)).filter((p): p is Profile => p !== undefined);
}
