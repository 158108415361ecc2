import { MemoryServerStore } from '../../src/store/memory.js';
import { runServerStoreConformance } from '../../src/testing/index.js';

runServerStoreConformance('MemoryServerStore', async () => ({ store: new MemoryServerStore() }));
