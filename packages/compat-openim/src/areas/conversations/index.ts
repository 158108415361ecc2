import type { Area } from '../../method.js';

/** The conversations area (placeholder until it is written). */
export const conversationsArea: Area = { methods: {}, wirings: [] };
