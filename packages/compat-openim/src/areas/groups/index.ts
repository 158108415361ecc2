import type { Area } from '../../method.js';

/** The groups area (placeholder until it is written). */
export const groupsArea: Area = { methods: {}, wirings: [] };
