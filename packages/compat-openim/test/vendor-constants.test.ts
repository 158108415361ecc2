/**
 * Our constants against the real vendor packages (test/vendor.ts): `CbEvents` and `RequestFunc`
 * against open-im-sdk 2.0.3's runtime and `CbEvents` against @openim/wasm-client-sdk 3.8.5's, the
 * 2.x enums of src/constants.ts against the enums open-im-sdk's `types/index.d.ts` declares, and
 * src/wasm/enums.ts against the wasm SDK's runtime enums.
 */
import { describe, expect, it } from 'vitest';
import * as constants from '../src/constants.js';
import { CbEvents, RequestFunc } from '../src/constants.js';
import * as types from '../src/types.js';
import * as wasmEnums from '../src/wasm/enums.js';
import { declaredEnums, diffKeys, explain, forward, loadOpenIm, loadWasmSdk, vendorFile } from './vendor.js';

const v2 = loadOpenIm();
const v3 = loadWasmSdk();

/** The enums of open-im-sdk's `types/index.d.ts`. */
const V2_TYPE_ENUMS = ['OptType', 'GroupStatus', 'GroupRole', 'MessageStatus', 'Platform', 'MessageType', 'SessionType'];

describe('CbEvents', () => {
  const ours = forward(CbEvents);

  it("has every key of open-im-sdk 2.0.3's, with the same value (43 keys)", () => {
    expect(Object.keys(v2.CbEvents)).toHaveLength(43);
    const diff = diffKeys(v2.CbEvents, ours);
    expect({ missing: diff.missing, changed: diff.changed }, explain('CbEvents vs open-im-sdk', diff)).toEqual({ missing: [], changed: [] });
  });

  it("has every key of @openim/wasm-client-sdk 3.8.5's, with the same value", () => {
    const vendor = v3.CbEvents as Record<string, unknown>;
    expect(Object.keys(vendor).length).toBeGreaterThan(50);
    const diff = diffKeys(vendor, ours);
    expect({ missing: diff.missing, changed: diff.changed }, explain('CbEvents vs @openim/wasm-client-sdk', diff)).toEqual({ missing: [], changed: [] });
  });

  it('has no key that neither vendor has', () => {
    const union = { ...v2.CbEvents, ...(v3.CbEvents as Record<string, unknown>) };
    expect(diffKeys(union, ours).extra).toEqual([]);
  });
});

describe('RequestFunc', () => {
  it("equals open-im-sdk 2.0.3's, key for key (93 keys)", () => {
    const diff = diffKeys(v2.RequestFunc, forward(RequestFunc));
    expect(diff, explain('RequestFunc vs open-im-sdk', diff)).toEqual({ missing: [], extra: [], changed: [] });
    expect(Object.keys(RequestFunc)).toHaveLength(93);
  });
});

describe("the enums of open-im-sdk's types/index.d.ts", () => {
  const declared = declaredEnums(vendorFile('open-im-sdk', 'types/index.d.ts'));

  it('are the seven this package defines', () => {
    expect([...declared.keys()].sort()).toEqual([...V2_TYPE_ENUMS].sort());
  });

  it.each(V2_TYPE_ENUMS)('%s: src/constants.ts declares the same members and values', (name) => {
    const ours = forward((constants as unknown as Record<string, object>)[name] ?? {});
    const diff = diffKeys(declared.get(name) ?? {}, ours);
    expect(diff, explain(`${name} vs open-im-sdk/types`, diff)).toEqual({ missing: [], extra: [], changed: [] });
  });

  it.each(V2_TYPE_ENUMS)('%s is exported by src/types.ts (open-im-sdk/types) as a value', (name) => {
    expect((types as Record<string, unknown>)[name]).toBe((constants as unknown as Record<string, unknown>)[name]);
  });
});

describe("@openim/wasm-client-sdk 3.8.5's runtime enums", () => {
  const vendorEnums = Object.keys(v3).filter((key) => key !== 'CbEvents' && typeof v3[key] === 'object');
  const ours = wasmEnums as unknown as Record<string, object>;

  it('are the 22 of its lib/types/enum.d.ts, and src/wasm/enums.ts exports each (and CbEvents)', () => {
    const declared = declaredEnums(vendorFile('@openim/wasm-client-sdk', 'lib/types/enum.d.ts'));
    expect(vendorEnums.sort()).toEqual([...declared.keys()].sort());
    expect(vendorEnums).toHaveLength(22);
    expect(Object.keys(ours).sort()).toEqual([...vendorEnums, 'CbEvents'].sort());
    expect(ours.CbEvents).toBe(CbEvents);
  });

  it.each(Object.keys(v3).filter((key) => key !== 'CbEvents' && typeof v3[key] === 'object'))('%s equals ours, entry for entry', (name) => {
    const diff = diffKeys(v3[name] as Record<string, unknown>, (ours[name] ?? {}) as Record<string, unknown>);
    expect(diff, explain(`${name} vs @openim/wasm-client-sdk`, diff)).toEqual({ missing: [], extra: [], changed: [] });
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

  it('drops the reverse entries of numeric enum members only', () => {
    expect(forward(constants.OptType)).toEqual({ Nomal: 0, Mute: 1, WithoutNotify: 2 });
    expect(forward({ A: 'x', B: -1, '-1': 'B' })).toEqual({ A: 'x', B: -1 });
  });
});
