import type { Area } from '../../method.js';

/** The messages area (placeholder until it is written). */
export const messagesArea: Area = { methods: {}, wirings: [] };
