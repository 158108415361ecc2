import { startHummerHarness } from '../helpers/hummer.js';
import { TIM_APP } from '../helpers/tim.js';
import { CORE_FEATURES, coreDriver } from './drivers/core.js';
import { HUMMER_FEATURES, hummerDriver } from './drivers/hummer.js';
import { TIM_FEATURES, timDriver } from './drivers/tim.js';
import { runScenarios } from './scenarios.js';

// Hummer with Hummer, and Hummer users with TIM (AVChatRoom) and core-API users, through one
// server whose tenant holds both vendors' credentials: P2P one-to-one, and live rooms.
const start = () => startHummerHarness({ webInstances: 5 }, TIM_APP);
runScenarios(['hummer', hummerDriver, HUMMER_FEATURES], ['hummer', hummerDriver, HUMMER_FEATURES], start);
runScenarios(['hummer', hummerDriver, HUMMER_FEATURES], ['tim', timDriver, TIM_FEATURES], start);
runScenarios(['tim', timDriver, TIM_FEATURES], ['hummer', hummerDriver, HUMMER_FEATURES], start);
runScenarios(['hummer', hummerDriver, HUMMER_FEATURES], ['core', coreDriver, CORE_FEATURES], start);
