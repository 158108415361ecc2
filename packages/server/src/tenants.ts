import type { parley } from '@parley/protocol';
import { resolvePolicy } from './config/policy.js';
import type { AppConfig, Policy } from './config/types.js';
import { ErrorCode, ServerError } from './errors.js';
import type { Logger } from './log.js';
import type { AppRuntime } from './model/context.js';
import { fromJson } from './model/schema.js';
import type { Key, ServerStore } from './store/types.js';

/**
 * The row of an app's policy overrides set at run time through the admin API
 * (`POST /admin/v1/apps/:app/config`): a JSON `Partial<Policy>` applied on top of the
 * configured `policy` at every start.
 */
export function appConfigKey(appId: string): Key {
  return [appId, 'appcfg'];
}

/** The registry's own view of a runtime: the policy is replaced when an admin changes it. */
interface MutableRuntime {
  readonly id: string;
  readonly config: AppConfig;
  policy: Policy;
}

/**
 * The apps this server hosts, found by canonical id or by any vendor lookup key
 * (TIM SDKAppID, JMessage appkey, Hummer appid, MaxLeap appId).
 *
 * Each app has one runtime object for the life of the server; sessions hold it and read its
 * `policy` per request, so a run-time policy change reaches live sessions at once.
 */
export class Tenants {
  private readonly byId = new Map<string, MutableRuntime>();
  private readonly byVendorKey = new Map<string, AppRuntime>();
  private readonly overrides = new Map<string, Partial<Policy>>();

  constructor(apps: readonly AppConfig[]) {
    for (const config of apps) {
      const app: MutableRuntime = { id: config.id, config, policy: resolvePolicy(config.policy, `apps[${config.id}].policy`) };
      this.byId.set(app.id, app);
      if (config.tim) this.byVendorKey.set(`tim:${config.tim.sdkAppId}`, app);
      if (config.jmessage) this.byVendorKey.set(`jm:${config.jmessage.appkey}`, app);
      if (config.hummer) this.byVendorKey.set(`hummer:${config.hummer.appid}`, app);
      if (config.maxleap) this.byVendorKey.set(`ml:${config.maxleap.appId}`, app);
    }
  }

  get(appId: string): AppRuntime | undefined {
    return this.byId.get(appId);
  }

  all(): AppRuntime[] {
    return [...this.byId.values()];
  }

  /** @throws ServerError APP_UNKNOWN */
  resolve(ref: parley.v1.IAppRef | null | undefined): AppRuntime {
    const app =
      (ref?.appId && this.byId.get(ref.appId)) ||
      (ref?.sdkAppId && this.byVendorKey.get(`tim:${ref.sdkAppId}`)) ||
      (ref?.appkey && this.byVendorKey.get(`jm:${ref.appkey}`)) ||
      (ref?.hummerAppid && this.byVendorKey.get(`hummer:${ref.hummerAppid}`)) ||
      (ref?.maxleapAppId && this.byVendorKey.get(`ml:${ref.maxleapAppId}`)) ||
      undefined;
    if (!app) throw new ServerError(ErrorCode.APP_UNKNOWN, 'unknown app', { detail: 'app' });
    return app;
  }

  /** The run-time overrides of an app (empty when none were set). */
  overridesOf(appId: string): Partial<Policy> {
    return { ...this.overrides.get(appId) };
  }

  /**
   * The policy an app would have with `overrides` on top of its configured policy.
   * @throws ServerError APP_UNKNOWN; TypeError or RangeError (from `resolvePolicy`) naming a bad key.
   */
  policyWith(appId: string, overrides: Partial<Policy>): Policy {
    const app = this.byId.get(appId);
    if (!app) throw new ServerError(ErrorCode.APP_UNKNOWN, 'unknown app', { detail: 'appId' });
    return resolvePolicy({ ...app.config.policy, ...overrides }, 'policy');
  }

  /**
   * Replaces an app's run-time overrides (the caller persists them under {@link appConfigKey}).
   * @throws as {@link policyWith}; nothing changes then.
   */
  setOverrides(appId: string, overrides: Partial<Policy>): Policy {
    const policy = this.policyWith(appId, overrides);
    const app = this.byId.get(appId) as MutableRuntime;
    app.policy = policy;
    this.overrides.set(appId, { ...overrides });
    return policy;
  }

  /**
   * Applies the overrides stored for each app (at start). Stored overrides that no longer
   * pass the checks (a key this version dropped, a narrower range) are logged and skipped:
   * the app runs on its configured policy rather than the server refusing to start.
   */
  async loadOverrides(store: ServerStore, log: Logger): Promise<void> {
    for (const app of this.byId.values()) {
      const row = await store.get(appConfigKey(app.id));
      if (!row) continue;
      try {
        this.setOverrides(app.id, fromJson<Partial<Policy>>(row.value));
      } catch (error) {
        log.error('stored policy overrides refused; the configured policy applies', { app: app.id, error: error instanceof Error ? error.message : String(error) });
      }
    }
  }
}
