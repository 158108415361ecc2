import { RequestFunc } from '../constants.js';
import { LoginStatus } from '../core.js';
import type { MethodTable } from '../method.js';

/** The session methods, answered from the SDK object's own state; callable while logged out. */
export const sessionMethods: MethodTable = {
  getLoginStatus: { event: RequestFunc.GETLOGINSTATUS, noData: true, ungated: true, run: (core) => String(core.status) },
  getLoginUser: { event: RequestFunc.GETLOGINUSER, noData: true, ungated: true, run: (core) => (core.status === LoginStatus.LOGGED_IN ? core.userId : '') },
};
