/**
 * `TIM.EVENT`, `TIM.TYPES`, `TIM.VERSION` and the static surface, compared with the real
 * tim-js-sdk 2.27.6 and @tencentcloud/chat 3.1.1 loaded in Node (test/vendor.ts), and the
 * ambient enums of src/enums.ts (what apps' types see) compared with the run-time values.
 */
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import TIM from '../src/index.js';
import { diffKeys, loadVendor } from './vendor.js';

const vendor = loadVendor('tim-js-sdk');
const chat = loadVendor('@tencentcloud/chat');
const ours = TIM as unknown as Record<string, unknown> & { EVENT: Record<string, unknown>; TYPES: Record<string, unknown> };

function explain(what: string, diff: ReturnType<typeof diffKeys>): string {
  return `${what}: missing ${JSON.stringify(diff.missing)}, extra ${JSON.stringify(diff.extra)}, changed ${JSON.stringify(diff.changed)}`;
}

describe('the static TIM object', () => {
  it('has the vendor keys: create, EVENT, TYPES, VERSION', () => {
    expect(Object.keys(vendor).sort()).toEqual(['EVENT', 'TYPES', 'VERSION', 'create']);
    expect(Object.keys(ours).sort()).toEqual(Object.keys(vendor).sort());
    expect(typeof ours.create).toBe('function');
  });

  it('reports version 2.27.6, as the vendor does', () => {
    expect(vendor.VERSION).toBe('2.27.6');
    expect(TIM.VERSION).toBe('2.27.6');
  });
});

describe.each([
  ['EVENT', 31],
  ['TYPES', 108],
] as const)('TIM.%s', (table, size) => {
  it(`equals tim-js-sdk 2.27.6's, key for key (${size} keys)`, () => {
    const diff = diffKeys(vendor[table], ours[table]);
    expect(diff, explain(`TIM.${table} vs tim-js-sdk`, diff)).toEqual({ missing: [], extra: [], changed: [] });
    expect(Object.keys(ours[table])).toHaveLength(size);
  });

  it("has every key of @tencentcloud/chat 3.1.1's, with the same value", () => {
    const diff = diffKeys(chat[table], ours[table]);
    expect({ missing: diff.missing, changed: diff.changed }, explain(`TIM.${table} vs @tencentcloud/chat`, diff)).toEqual({ missing: [], changed: [] });
  });
});

describe('the ambient enums of src/enums.ts', () => {
  // Apps' types see these declarations while the values come from constants.ts: a drift between
  // the two would make `switch (message.type)` narrow on values that never occur.
  const source = ts.createSourceFile('enums.ts', readFileSync(new URL('../src/enums.ts', import.meta.url), 'utf8'), ts.ScriptTarget.ES2022);
  const declared = new Map<string, Record<string, unknown>>();
  source.forEachChild((node) => {
    if (!ts.isEnumDeclaration(node)) return;
    const members: Record<string, unknown> = {};
    for (const member of node.members) {
      const init = member.initializer;
      const name = member.name.getText(source);
      if (init && ts.isStringLiteral(init)) members[name] = init.text;
      else if (init && ts.isNumericLiteral(init)) members[name] = Number(init.text);
      else members[name] = `<not a literal: ${init?.getText(source)}>`;
    }
    declared.set(node.name.text, members);
  });

  it.each(['EVENT', 'TYPES'] as const)('declare %s with the run-time values', (table) => {
    const diff = diffKeys(ours[table], declared.get(table) ?? {});
    expect(diff, explain(`enums.ts ${table} vs TIM.${table}`, diff)).toEqual({ missing: [], extra: [], changed: [] });
  });
});

describe('the comparison itself', () => {
  it('reports a missing, an extra and a changed key', () => {
    expect(diffKeys({ A: 'a', B: 1, C: 'c' }, { A: 'a', B: 2, D: 'd' })).toEqual({
      missing: ['C'],
      extra: ['D'],
      changed: [{ key: 'B', vendor: 1, ours: 2 }],
    });
  });
});
