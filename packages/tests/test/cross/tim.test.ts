import { startTimHarness } from '../helpers/tim.js';
import { CORE_FEATURES, coreDriver } from './drivers/core.js';
import { TIM_FEATURES, timDriver } from './drivers/tim.js';
import { runScenarios } from './scenarios.js';

// TIM with TIM, and a TIM user with a core-API user, through one server.
runScenarios(['tim', timDriver, TIM_FEATURES], ['tim', timDriver, TIM_FEATURES], () => startTimHarness());
runScenarios(['tim', timDriver, TIM_FEATURES], ['core', coreDriver, CORE_FEATURES], () => startTimHarness());
runScenarios(['core', coreDriver, CORE_FEATURES], ['tim', timDriver, TIM_FEATURES], () => startTimHarness());
