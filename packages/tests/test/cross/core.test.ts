import { startTimHarness } from '../helpers/tim.js';
import { CORE_FEATURES, coreDriver } from './drivers/core.js';
import { runScenarios } from './scenarios.js';

// The reference run: the scenarios on the native API alone.
runScenarios(['core', coreDriver, CORE_FEATURES], ['core', coreDriver, CORE_FEATURES], () => startTimHarness());
