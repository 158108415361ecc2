import type { parley } from '@parley/protocol';
import { resolvePolicy } from './config/policy.js';
import type { AppConfig } from './config/types.js';
import { ErrorCode, ServerError } from './errors.js';
import type { AppRuntime } from './model/context.js';

/**
 * The apps this server hosts, found by canonical id or by any vendor lookup key
 * (TIM SDKAppID, JMessage appkey, Hummer appid, MaxLeap appId).
 */
export class Tenants {
  private readonly byId = new Map<string, AppRuntime>();
  private readonly byVendorKey = new Map<string, AppRuntime>();

  constructor(apps: readonly AppConfig[]) {
    for (const config of apps) {
      const app: AppRuntime = { id: config.id, config, policy: resolvePolicy(config.policy, `apps[${config.id}].policy`) };
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
}
