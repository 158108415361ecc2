import { configure } from '@parley/shim-kit';
import { wireConversations } from './areas/conversations.js';
import { wireGroups } from './areas/groups/wire.js';
import { wireMessages } from './areas/messages.js';
import { wireRelations } from './areas/relations/wire.js';
import { EVENT, TYPES } from './constants.js';
import { type CreateOptions, TimCore, VERSION } from './core.js';
import { ChatSDK } from './sdk.js';

const instances = new Map<number, ChatSDK>();

/**
 * Creates the SDK instance of an app, or returns the existing one: one instance per SDKAppID
 * (a numeric string is accepted). Makes no network call. Returns `null` for an SDKAppID that
 * is not a number, as tim-js-sdk does.
 */
function create(options: CreateOptions): ChatSDK {
  const SDKAppID = Number.parseInt(String(options?.SDKAppID), 10);
  if (!Number.isFinite(SDKAppID)) {
    console.error('TIM.create: SDKAppID is required');
    return null as unknown as ChatSDK;
  }
  const existing = instances.get(SDKAppID);
  if (existing) return existing;
  const core = new TimCore({ ...options, SDKAppID }, [wireMessages, wireConversations, wireGroups, wireRelations]);
  const sdk = new ChatSDK(core);
  instances.set(SDKAppID, sdk);
  core.on(EVENT.SDK_DESTROY, () => instances.delete(SDKAppID));
  return sdk;
}

/** The `TIM` default export: `create`, `EVENT`, `TYPES`, `VERSION`. */
export const TIM = { create, EVENT, TYPES, VERSION };

export { configure };
