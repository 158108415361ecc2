/**
 * What the 2.x `OpenIMSDK` does not need for a chat page to start, as one part that app bundlers
 * split off (`part.ts` imports it dynamically): every area's other methods, the MessageItem
 * parser, the history anchor lookup, and the converters of relation and group-request events.
 * It is fetched on the first call or event that needs any of it.
 *
 * One part rather than one per area: every split point makes the bundler cut the code the parts
 * share with the up-front bundle into chunks of their own, each gzipped on its own. Measured on
 * the size test's app, a part per area cost 1.8 kB more up front (54.2 against 52.4 kB) than one
 * part, more than a page saves later by fetching one area instead of all of them.
 */
// Bundlers put each module in a chunk by the entries that reach it. This part reaching the
// start-up code too keeps the modules both use in one up-front chunk with the start-up code,
// not split across several small ones, each gzipped apart (0.35 kB less up front).
import './sdk.js';
import { AREAS } from './areas/all.js';
import { OpenImCode, OpenImError } from './errors.js';
import type { MethodSpec, MethodTable } from './method.js';
import { METHOD_NAMES } from './names.js';

export { applicationItems } from './areas/groups/application-items.js';
export { fetchGroups } from './areas/groups/fetch.js';
export { anchorOf } from './areas/messages/refs.js';
export { applicationOf } from './areas/relations/lookup.js';
export { contentOfItem } from './convert/message-parse.js';
export { toBlackItem, toFriendItem, toFullUserItem } from './convert/user.js';

/** A method this server cannot serve (2.0.3's audio/video signaling): a clear refusal, 804. */
function unsupported(name: string): MethodSpec {
  return {
    event: name.charAt(0).toUpperCase() + name.slice(1),
    run: () => {
      throw new OpenImError(OpenImCode.API, `${name} is not supported by this server`);
    },
  };
}

/** Every 2.x method by name: the areas' specs, and a refusal for those no area serves. */
export const METHODS: MethodTable = Object.assign(Object.fromEntries(METHOD_NAMES.map((name) => [name, unsupported(name)])), ...AREAS.map((area) => area.methods));
