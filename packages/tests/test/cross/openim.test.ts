import { startOpenImHarness } from '../helpers/openim.js';
import { TIM_APP } from '../helpers/tim.js';
import { coreDriver } from './drivers/core.js';
import { openimDriver } from './drivers/openim.js';
import { timDriver } from './drivers/tim.js';
import { runScenarios } from './scenarios.js';

// OpenIM with OpenIM, and OpenIM users with TIM and core-API users, through one server.
const start = () => startOpenImHarness({}, TIM_APP);
runScenarios(['openim', openimDriver], ['openim', openimDriver], start);
runScenarios(['openim', openimDriver], ['tim', timDriver], start);
runScenarios(['tim', timDriver], ['openim', openimDriver], start);
runScenarios(['openim', openimDriver], ['core', coreDriver], start);
