import { startTimHarness } from '../helpers/tim.js';
import { coreDriver } from './drivers/core.js';
import { runScenarios } from './scenarios.js';

// The reference run: the scenarios on the native API alone.
runScenarios(['core', coreDriver], ['core', coreDriver], () => startTimHarness());
