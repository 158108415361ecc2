import type { Area } from '../../method.js';

/** The relations area (placeholder until it is written). */
export const relationsArea: Area = { methods: {}, wirings: [] };
