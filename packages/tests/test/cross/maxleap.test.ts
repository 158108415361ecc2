import { JM_APPKEY, JM_MASTER_SECRET } from '../helpers/jmessage.js';
import { startMaxleapHarness } from '../helpers/maxleap.js';
import { TIM_APP } from '../helpers/tim.js';
import { JMESSAGE_FEATURES, jmessageDriver } from './drivers/jmessage.js';
import { MAXLEAP_FEATURES, maxleapDriver } from './drivers/maxleap.js';
import { TIM_FEATURES, timDriver } from './drivers/tim.js';
import { runScenarios } from './scenarios.js';

// MaxLeap with MaxLeap, and MaxLeap users with JMessage and TIM users, through one server whose
// tenant holds all three vendors' credentials (numeric group ids, as JMessage's `gid`).
const start = () => startMaxleapHarness({ groupIdFormat: 'numeric' }, { ...TIM_APP, jmessage: { appkey: JM_APPKEY, masterSecret: JM_MASTER_SECRET } });
const maxleap = ['maxleap', maxleapDriver, MAXLEAP_FEATURES] as const;
runScenarios([...maxleap], [...maxleap], start);
runScenarios([...maxleap], ['jmessage', jmessageDriver, JMESSAGE_FEATURES], start);
runScenarios(['jmessage', jmessageDriver, JMESSAGE_FEATURES], [...maxleap], start);
runScenarios([...maxleap], ['tim', timDriver, TIM_FEATURES], start);
runScenarios(['tim', timDriver, TIM_FEATURES], [...maxleap], start);
