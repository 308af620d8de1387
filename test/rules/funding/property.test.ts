import { fileTest } from '../../helpers/file-test.js';
import fc from 'fast-check';
import {
  AREA_TYPES,
  OWNERSHIPS,
  SCHOOL_KINDS,
} from '../../../src/rules/vocabulary.js';
import {
  canonicalJson,
  computeEntitlement,
  computeRun,
  type FundingParams,
  type FundingSchoolInput,
} from '../../../src/rules/funding/index.js';
import { GUANGDONG_2018_FUNDING, JIAOLING_2023_FUNDING, NATIONAL_2017_FUNDING } from '../policies/shipped.js';

const t = fileTest(import.meta);

const count = fc.integer({ min: 0, max: 5000 });
const yuan = fc.option(fc.integer({ min: 0, max: 100_000_000 }).map((fen) => fen / 100), { nil: undefined });

const inputArb: fc.Arbitrary<FundingSchoolInput> = fc.record({
  schoolCode: fc.stringMatching(/^[0-9]{10}$/),
  kind: fc.constantFrom(...SCHOOL_KINDS),
  areaType: fc.constantFrom(...AREA_TYPES),
  ownership: fc.constantFrom(...OWNERSHIPS),
  boarding: fc.boolean(),
  students: fc.record({ preschool: count, primary: count, junior: count, senior: count }),
  boarders: count,
  inclusionStudents: fc.integer({ min: 0, max: 50 }),
  publicFundingAllocatedYuan: yuan,
  trainingSpendYuan: yuan,
});

const rate = fc.integer({ min: 0, max: 1_000_000 }).map((fen) => ({ fen, clause: 'generated' }));
const paramsArb: fc.Arbitrary<FundingParams> = fc.oneof(
  fc.constantFrom(NATIONAL_2017_FUNDING, GUANGDONG_2018_FUNDING, JIAOLING_2023_FUNDING),
  fc
    .record({
      primary: rate,
      junior: rate,
      boarding: rate,
      special: rate,
      preschool: rate,
      senior: rate,
      bp: fc.integer({ min: 0, max: 10000 }),
      privateOk: fc.boolean(),
    })
    .map((r) => ({
      ...JIAOLING_2023_FUNDING,
      baseRate: { primary: r.primary, junior: r.junior },
      boarding: r.boarding,
      specialEducation: r.special,
      preschool: r.preschool,
      senior: r.senior,
      trainingMinimum: { basisPoints: r.bp, clause: 'generated' },
      privateSchoolsEntitled: { enabled: r.privateOk, clause: 'generated' },
    })),
);

t.test('total = sum of components; all amounts integer fen ≥ 0; no zero component', async (t) => {
  fc.assert(
    fc.property(inputArb, paramsArb, (input, params) => {
      const e = computeEntitlement(input, params);
      let sum = 0;
      for (const c of e.components) {
        if (!Number.isSafeInteger(c.amountFen) || c.amountFen <= 0) return false;
        if (!Number.isSafeInteger(c.quantity) || c.quantity < 0) return false;
        if (!Number.isSafeInteger(c.rateFen) || c.rateFen < 0) return false;
        if (c.amountFen !== c.quantity * c.rateFen) return false;
        sum += c.amountFen;
      }
      if (e.totalFen !== sum || !Number.isSafeInteger(e.totalFen) || e.totalFen < 0) return false;
      // training minimum: the smallest integer fen ≥ total × bp / 10000
      const bp = params.trainingMinimum.basisPoints;
      const m = e.trainingMinimumFen;
      return Number.isSafeInteger(m) && m * 10000 >= e.totalFen * bp && (m - 1) * 10000 < e.totalFen * bp;
    }),
    { numRuns: 2000 },
  );
  t.pass('property held');
});

t.test('run totals equal the sum of the lines, and hashing ignores input order', async (t) => {
  fc.assert(
    fc.property(
      fc.uniqueArray(inputArb, { selector: (i) => i.schoolCode, maxLength: 12 }),
      (inputs) => {
        const policy = { id: 'p', funding: JIAOLING_2023_FUNDING };
        const a = computeRun(policy, inputs, 'v');
        const b = computeRun(policy, [...inputs].reverse(), 'v');
        const lineSum = a.lines.reduce((s, l) => s + l.totalFen, 0);
        const componentSum = a.totals.byComponent.reduce((s, c) => s + c.amountFen, 0);
        return (
          a.totals.totalFen === lineSum &&
          componentSum === lineSum &&
          a.inputsHash === b.inputsHash &&
          a.resultsHash === b.resultsHash
        );
      },
    ),
    { numRuns: 300 },
  );
  t.pass('property held');
});

t.test('canonical JSON does not depend on key order', async (t) => {
  // reference form: keys in UTF-16 code-unit order (so "" < "0" even though JS enumerates "0" first)
  const reference = (v: unknown): string => {
    if (Array.isArray(v)) return `[${v.map(reference).join(',')}]`;
    if (v !== null && typeof v === 'object') {
      const r = v as Record<string, unknown>;
      return `{${Object.keys(r).sort().map((k) => `${JSON.stringify(k)}:${reference(r[k])}`).join(',')}}`;
    }
    return JSON.stringify(v);
  };
  const shuffle = (v: unknown, seed: number): unknown => {
    if (Array.isArray(v)) return v.map((x, i) => shuffle(x, seed + i));
    if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v as Record<string, unknown>);
      const rotated = entries.length > 0 ? [...entries.slice(seed % entries.length), ...entries.slice(0, seed % entries.length)].reverse() : entries;
      return Object.fromEntries(rotated.map(([k, x]) => [k, shuffle(x, seed + 1)]));
    }
    return v;
  };
  fc.assert(
    fc.property(fc.jsonValue(), fc.nat(20), (value, seed) => {
      const text = canonicalJson(value);
      // same text whatever the key order, and it equals the reference form (no whitespace)
      return text === canonicalJson(shuffle(value, seed)) && text === reference(value);
    }),
    { numRuns: 500 },
  );
  t.pass('property held');
});
