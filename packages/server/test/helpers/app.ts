import type { AppConfig } from '../../src/config/types.js';

/** A tenant with every vendor's credentials, as the tests use it. */
export const TEST_APP: AppConfig = {
  id: 'test',
  native: { apiKey: 'test-api-key-0123456789', secret: 'test-native-secret-0123456789abcdef' },
  tim: { sdkAppId: 1400000042, secretKey: '5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e' },
  jmessage: { appkey: '25b693b31d2c2ad5f072ef0c', masterSecret: 'bc2efab258f2019727a4f36l' },
  openim: { secret: 'openim-secret-0123456789abcdef' },
  hummer: { appid: 1000001, tokenSecret: 'hummer-secret-0123456789abcdef', tokenMode: 'token' },
  maxleap: { appId: 'ml-app-0123456789abcdef', keys: { client: 'ml-client-key-0123', javascript: 'ml-js-key-0123' } },
  policy: { webInstances: 10, maxPerPlatform: 10 },
};

/** A second tenant with native credentials only, for isolation tests. */
export const OTHER_APP: AppConfig = { id: 'other', native: { apiKey: 'other-api-key-0123456789', secret: 'other-native-secret-0123456789abcdef' } };
