import { startTimHarness } from '../helpers/tim.js';
import { coreDriver } from './drivers/core.js';
import { timDriver } from './drivers/tim.js';
import { runScenarios } from './scenarios.js';

// TIM with TIM, and a TIM user with a core-API user, through one server.
runScenarios(['tim', timDriver], ['tim', timDriver], () => startTimHarness());
runScenarios(['tim', timDriver], ['core', coreDriver], () => startTimHarness());
runScenarios(['core', coreDriver], ['tim', timDriver], () => startTimHarness());
