import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../src/config/policy.js';

describe('docs/policies.md', () => {
  it('documents every policy key', () => {
    const doc = readFileSync(new URL('../../docs/policies.md', import.meta.url), 'utf8');
    // Keys appear in backticks, or as the tail of a slash list such as `groupMaxMembersWork` / `Public`.
    const documented = (key: string) => doc.includes(`\`${key}\``) || /[A-Z][a-z]+$/.test(key) && doc.includes(`\`${key.replace(/^(.*[a-z])([A-Z][a-z]+)$/, '$2')}\``);
    const missing = Object.keys(DEFAULT_POLICY).filter((key) => !documented(key));
    expect(missing).toEqual([]);
  });
});
