import type { Policy } from '../config/types.js';
import { ErrorCode, ServerError } from '../errors.js';
import type { ServerContext } from '../gateway/context.js';
import type { AppRuntime } from '../model/context.js';
import { fromJson, toJson } from '../model/schema.js';
import { transact } from '../model/tx.js';
import { appConfigKey } from '../tenants.js';
import { bodyObject, optionalObject } from './admin-input.js';

/**
 * `admin.config.get/set` (§5.2): an app's §5.1 policies at run time. Overrides set here sit on
 * top of the configured `policy`, are stored (row `appcfg`) and applied again at every start;
 * live sessions see them on their next request. Each node applies them when it starts or when
 * the change is made through it.
 */

/** `GET …/config`: the effective policy, the configured overrides and the run-time ones. */
export function getConfig(server: ServerContext, app: AppRuntime): unknown {
  return { policy: app.policy, configured: app.config.policy ?? {}, overrides: server.tenants.overridesOf(app.id) };
}

/**
 * `POST …/config`: `{policy: {key: value | null}}` merges into the run-time overrides (`null`
 * drops a key's override). The result is checked whole like the config file's `policy`; a
 * refusal changes nothing.
 *
 * @throws ServerError INVALID_PARAM naming the offending key.
 */
export async function setConfig(server: ServerContext, app: AppRuntime, body: unknown): Promise<unknown> {
  const patch = optionalObject(bodyObject(body, ['policy']), 'policy');
  if (patch === undefined) throw new ServerError(ErrorCode.INVALID_PARAM, 'policy: is required', { detail: 'policy' });
  // Merged with the stored row, not this node's copy: another node may have changed it.
  const overrides = await transact(server.store, async (tx) => {
    const stored = await tx.get(appConfigKey(app.id));
    const merged: Record<string, unknown> = stored ? fromJson<Record<string, unknown>>(stored) : {};
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) delete merged[key];
      else merged[key] = value;
    }
    checkPolicy(server, app, merged);
    tx.set(appConfigKey(app.id), toJson(merged));
    return merged;
  });
  server.tenants.setOverrides(app.id, overrides as Partial<Policy>);
  return getConfig(server, app);
}

/** @throws ServerError INVALID_PARAM naming the key `resolvePolicy` refused. */
function checkPolicy(server: ServerContext, app: AppRuntime, overrides: Record<string, unknown>): void {
  try {
    server.tenants.policyWith(app.id, overrides as Partial<Policy>);
  } catch (error) {
    if (error instanceof TypeError || error instanceof RangeError) {
      const detail = /^(policy\.[A-Za-z]+)/.exec(error.message)?.[1] ?? 'policy';
      throw new ServerError(ErrorCode.INVALID_PARAM, error.message, { detail });
    }
    throw error;
  }
}
