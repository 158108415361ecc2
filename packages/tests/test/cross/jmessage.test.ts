import { JM_APP, startJmHarness } from '../helpers/jmessage.js';
import { OPENIM_SECRET } from '../helpers/openim.js';
import { TIM_APP } from '../helpers/tim.js';
import { coreDriver } from './drivers/core.js';
import { JMESSAGE_FEATURES, jmessageDriver } from './drivers/jmessage.js';
import { openimDriver } from './drivers/openim.js';
import { timDriver } from './drivers/tim.js';
import { runScenarios } from './scenarios.js';

// JMessage with JMessage, and JMessage users with TIM, OpenIM and core-API users, through one
// server whose tenant holds every vendor's credentials (numeric group ids, as JMessage's `gid`).
const start = () => startJmHarness({ webInstances: 5 }, { ...TIM_APP, openim: { secret: OPENIM_SECRET }, policy: { ...JM_APP.policy } });
const jmessage = ['jmessage', jmessageDriver, JMESSAGE_FEATURES] as const;
runScenarios([...jmessage], [...jmessage], start);
runScenarios([...jmessage], ['tim', timDriver], start);
runScenarios(['tim', timDriver], [...jmessage], start);
runScenarios([...jmessage], ['openim', openimDriver], start);
runScenarios(['openim', openimDriver], [...jmessage], start);
runScenarios([...jmessage], ['core', coreDriver], start);
