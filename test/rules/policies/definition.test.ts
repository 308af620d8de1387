// Policy definitions as data: the parameter registry, dated values and their resolution for a school
// year, every validation rule, the plain form and `extends`.
import { fileTest } from '../../helpers/file-test.js';
import { Value } from 'typebox/value';
import { firstSchoolYearFrom, isIsoDate, resolutionDate, SCHOOL_YEAR_START } from '../../../src/rules/policies/dates.js';
import { defaultPolicyFor, parsePolicyDefaults } from '../../../src/rules/policies/defaults.js';
import {
  applyExtends,
  definitionFromPlain,
  plainPolicyProblems,
  PolicyDefinitionSchema,
  type PlainPolicy,
  type PolicyDefinition,
} from '../../../src/rules/policies/definition.js';
import { FundingParamsSchema } from '../../../src/rules/policies/funding-params.js';
import { IndicatorParamsSchema, IndicatorThresholdsSchema } from '../../../src/rules/policies/indicator-params.js';
import { PARAMETERS, PARAMETER_UNITS, UNITS } from '../../../src/rules/policies/parameters.js';
import {
  allDefinitionProblems,
  changeYears,
  latestChangeYear,
  PolicyNotInForceError,
  policyDefinitionProblems,
  resolvePolicyDefinition,
} from '../../../src/rules/policies/resolve.js';
import { shippedPolicyCatalog } from '../../../src/services/policy-files.js';

const t = fileTest(import.meta);

const national = (): PolicyDefinition => structuredClone(shippedPolicyCatalog().byId.get('national-2017') as PolicyDefinition);
const jiaoling = (): PolicyDefinition => structuredClone(shippedPolicyCatalog().byId.get('jiaoling-2023') as PolicyDefinition);
const messages = (def: unknown) => allDefinitionProblems(def).map((p) => `${p.pointer} ${p.message}`);

/** Every leaf of a TypeBox object schema, as dotted paths. */
function leaves(schema: { properties?: Record<string, unknown> }, prefix: string): string[] {
  return Object.entries(schema.properties ?? {}).flatMap(([k, s]) => {
    const sub = s as { type?: string; properties?: Record<string, unknown> };
    return sub.type === 'object' && sub.properties ? leaves(sub, `${prefix}.${k}`) : [`${prefix}.${k}`];
  });
}

t.test('the registry names every parameter the engines take, each with a known unit', async (t) => {
  const paths = PARAMETERS.map((p) => p.path);
  t.equal(new Set(paths).size, paths.length, 'names are unique');
  t.same(
    paths.filter((p) => p.startsWith('indicators.')).sort(),
    leaves(IndicatorThresholdsSchema, 'indicators').sort(),
    'every indicator threshold is a parameter',
  );
  const fundingTop = Object.keys(FundingParamsSchema.properties).flatMap((k) => (k === 'baseRate' ? ['baseRate.primary', 'baseRate.junior'] : [k]));
  t.same(paths.filter((p) => p.startsWith('funding.')).sort(), fundingTop.map((k) => `funding.${k}`).sort(), 'every funding rule is one parameter');
  t.same(Object.keys(PARAMETER_UNITS).sort(), [...paths].sort(), 'every parameter has a unit, and no unit is left over');
  for (const p of PARAMETERS) t.ok((UNITS as readonly string[]).includes(p.unit), `${p.path}: ${p.unit} is a known unit`);
  t.notOk(paths.includes('indicators.smallSchoolFundedStudents'), 'B13, B14 and B26 standards are not indicator parameters');
  t.notOk(paths.includes('indicators.specialSchoolFundingPerStudentYuan'));
  t.notOk(paths.includes('indicators.trainingBudgetShareMin'));
});

t.test('school years are resolved at their start: the date rule', async (t) => {
  t.equal(SCHOOL_YEAR_START, '09-01');
  t.equal(resolutionDate(2024), '2024-09-01');
  t.equal(firstSchoolYearFrom('2024-03-01'), 2024, 'a spring date applies from the autumn of the same year');
  t.equal(firstSchoolYearFrom('2024-09-01'), 2024, 'the start date itself applies to that school year');
  t.equal(firstSchoolYearFrom('2024-09-02'), 2025, 'a day later is the next school year');
  t.ok(isIsoDate('2024-02-29'));
  t.notOk(isIsoDate('2023-02-29'));
  t.notOk(isIsoDate('2024-13-01'));
  t.notOk(isIsoDate('2024-9-1'));
});

t.test('the shipped definitions are valid and give the engines valid parameters', async (t) => {
  for (const def of shippedPolicyCatalog().definitions) {
    t.same(policyDefinitionProblems(def), [], `${def.id} has no problem`);
    for (const year of changeYears(def)) {
      const p = resolvePolicyDefinition(def, year);
      t.ok(Value.Check(IndicatorParamsSchema, p.indicators), `${def.id} ${year}: indicators fit the engine`);
      t.ok(Value.Check(FundingParamsSchema, p.funding), `${def.id} ${year}: funding fits the engine`);
      t.equal(Object.keys(p.sources).length, PARAMETERS.length, `${def.id} ${year}: every value has its source`);
    }
    for (const [path, entry] of Object.entries(def.parameters)) {
      t.notMatch(entry.reference, /DOMAIN|shared\/|seed 三/, `${def.id} ${path} cites no document outside the repository`);
    }
  }
});

t.test('B13, B14 and B26 standards are read from the funding rules: one source', async (t) => {
  const def = jiaoling();
  const p = resolvePolicyDefinition(def, 2023);
  t.equal(p.indicators.smallSchoolFundedStudents, p.funding.smallSchoolFloor.floorStudents);
  t.equal(p.indicators.specialSchoolFundingPerStudentYuan, 6000);
  t.equal(p.indicators.trainingBudgetShareMin, 0.05);
  const floor = def.parameters['funding.smallSchoolFloor']!;
  floor.values = [{ from: '2023-09-01', value: { enabled: true, floorStudents: 120, kinds: ['primary', 'teaching_point'] } }];
  def.parameters['funding.specialSchoolMinimum']!.values = [{ from: '2023-09-01', value: 650050 }];
  def.parameters['funding.trainingMinimum']!.values = [{ from: '2023-09-01', value: 750 }];
  const changed = resolvePolicyDefinition(def, 2023);
  t.equal(changed.indicators.smallSchoolFundedStudents, 120, 'the B13 standard follows the floor');
  t.equal(changed.indicators.specialSchoolFundingPerStudentYuan, 6500.5, 'the B14 standard follows the special-school minimum');
  t.equal(changed.indicators.trainingBudgetShareMin, 0.075, 'the B26 standard follows the training minimum');
});

t.test('a dated value changed mid-plan applies from the school year after its date, not before', async (t) => {
  const def = jiaoling();
  const boarding = def.parameters['funding.boarding']!;
  boarding.values.push({ from: '2024-03-01', value: 40000 });
  const rural = def.parameters['indicators.juniorConsolidationMin']!;
  rural.values.push({ from: '2025-09-02', value: 0.97 });
  t.same(policyDefinitionProblems(def), []);
  t.same(changeYears(def), [2023, 2024, 2026]);
  t.equal(latestChangeYear(def), 2026);

  const y2023 = resolvePolicyDefinition(def, 2023);
  t.equal(y2023.funding.boarding.fen, 35000, '2023 keeps the first rate');
  t.same(y2023.sources['funding.boarding'], { from: '2023-09-01', reference: boarding.reference });
  t.equal(y2023.resolvedAt, '2023-09-01');
  const y2024 = resolvePolicyDefinition(def, 2024);
  t.equal(y2024.funding.boarding.fen, 40000, 'the spring change applies from school year 2024');
  t.equal(y2024.funding.boarding.clause, boarding.reference, 'the engine cites the parameter reference');
  t.same(y2024.sources['funding.boarding'], { from: '2024-03-01', reference: boarding.reference });
  t.equal(resolvePolicyDefinition(def, 2025).indicators.juniorConsolidationMin, 0.96, 'a value dated 2025-09-02 is not in force for 2025');
  t.equal(resolvePolicyDefinition(def, 2026).indicators.juniorConsolidationMin, 0.97, '… and is from 2026');
  t.equal(resolvePolicyDefinition(def, 2030).funding.boarding.fen, 40000, 'the last value holds on');

  t.throws(() => resolvePolicyDefinition(def, 2022), PolicyNotInForceError, 'a year before validFrom is refused');
  t.throws(() => resolvePolicyDefinition(def, 2022), /in force from school year 2023/);
});

t.test('validation: every problem of the shape, then of the content', async (t) => {
  const wrongShape = national() as unknown as Record<string, any>;
  wrongShape.parameters['funding.boarding'].unit = 'yuan per boarder per year';
  wrongShape.parameters['funding.boarding'].values[0].value = 200.5;
  wrongShape.parameters['indicators.floorShare'].values[0].from = '2017-02-30';
  wrongShape.parameters['indicators.noSuchThing'] = wrongShape.parameters['indicators.floorShare'];
  wrongShape.colour = 'red';
  t.same(messages(wrongShape).sort(), [
    '/colour is not a known field or parameter name',
    '/parameters/funding.boarding/unit must be equal to constant "fen per boarder per year"',
    '/parameters/funding.boarding/values/0/value must be integer',
    '/parameters/indicators.floorShare/values/0/from must match format "date"',
    '/parameters/indicators.noSuchThing is not a known field or parameter name',
  ], 'a wrong unit, a value of the wrong type, a date that does not exist, an unknown parameter and field');

  const content = national();
  delete content.parameters['funding.senior'];
  content.parameters['funding.boarding']!.values = [
    { from: '2017-09-01', value: 20000 },
    { from: '2017-09-01', value: 25000 },
  ];
  content.parameters['indicators.floorShare']!.values = [
    { from: '2019-09-01', value: 0.85 },
    { from: '2018-09-01', value: 0.8 },
  ];
  t.same(messages(content).sort(), [
    '/parameters missing parameter funding.senior (fen per student per year)',
    '/parameters/funding.boarding/values/1/from dates must ascend: 2017-09-01 does not follow 2017-09-01',
    '/parameters/indicators.floorShare/values/0/from no value for school year 2017 (resolved at 2017-09-01): the first value is from 2019-09-01; start it on or before 2017-09-01 or raise validFrom',
    '/parameters/indicators.floorShare/values/1/from dates must ascend: 2018-09-01 does not follow 2019-09-01',
  ]);
});

t.test('validation: contradictions at every school year where a value changes', async (t) => {
  const def = jiaoling();
  const tier = def.parameters['funding.smallSchoolTier']!;
  const good = tier.values[0]!.value as Record<string, unknown>;
  tier.values.push({
    from: '2025-01-01',
    value: { ...good, bands: [{ aboveStudents: 100, upToStudents: 250, upToInclusive: true, fundedAs: 200 }] },
  });
  def.parameters['indicators.classSize.superLargeMin']!.values.push({ from: '2024-09-01', value: 50 });
  def.parameters['indicators.apportionWeights.junior']!.values.push({ from: '2024-09-01', value: 0 });
  t.same(messages(def), [
    '/parameters/indicators.classSize.superLargeMin/values/1/value school year 2024 (resolved at 2024-09-01): 超大班额 from 50 is below 大班额 from 56',
    '/parameters/indicators.apportionWeights.junior/values/1/value school year 2024 (resolved at 2024-09-01): a junior unit must take a share of its school\'s facilities: the weight must be above 0',
    '/parameters/funding.smallSchoolTier/values/1/value school year 2025 (resolved at 2025-09-01): /smallSchoolTier/bands/0: fundedAs 200 is below the band\'s 250 students',
  ]);
});

const plainOf = (def: PolicyDefinition, year: number): PlainPolicy => {
  const p = resolvePolicyDefinition(def, year);
  return { id: 'plain-one', name: 'plain', description: 'a plain profile', validFrom: year, indicators: p.indicators, funding: p.funding, remediationCosts: p.remediationCosts };
};

t.test('the plain form: values from validFrom, clauses become references, contradictions refused', async (t) => {
  const plain = plainOf(jiaoling(), 2024);
  t.same(plainPolicyProblems(plain), [], 'B13/B14/B26 standards equal to the funding rules are accepted');
  const def = definitionFromPlain(plain);
  t.ok(Value.Check(PolicyDefinitionSchema, def));
  t.same(policyDefinitionProblems(def), []);
  t.same(def.parameters['funding.boarding'], {
    unit: 'fen per boarder per year',
    reference: plain.funding.boarding.clause,
    values: [{ from: '2024-09-01', value: 35000 }],
  });
  t.match(def.parameters['indicators.floorShare']?.reference, /stated without a reference in profile plain-one/);
  const back = resolvePolicyDefinition(def, 2024);
  t.same(back.funding, plain.funding, 'resolving gives the plain funding rules back');
  t.same(back.indicators, plain.indicators, '… and the plain indicator thresholds');
  t.throws(() => resolvePolicyDefinition(def, 2023), PolicyNotInForceError);

  const { smallSchoolFundedStudents: _a, specialSchoolFundingPerStudentYuan: _b, trainingBudgetShareMin: _c, ...thresholds } = plain.indicators;
  t.same(plainPolicyProblems({ ...plain, indicators: thresholds }), [], 'the three derived standards may be left out');
  const contradicting = structuredClone(plain);
  contradicting.indicators.smallSchoolFundedStudents = 90;
  contradicting.indicators.specialSchoolFundingPerStudentYuan = 6000.01;
  contradicting.indicators.trainingBudgetShareMin = 0.06;
  t.same(
    plainPolicyProblems(contradicting).map((p) => p.pointer),
    ['/indicators/smallSchoolFundedStudents', '/indicators/specialSchoolFundingPerStudentYuan', '/indicators/trainingBudgetShareMin'],
  );
  t.match(plainPolicyProblems(contradicting)[0]?.message, /90 contradicts \/funding\/smallSchoolFloor\/floorStudents \(100\)/);
});

t.test('extends: the parent where the child states nothing', async (t) => {
  const child: PolicyDefinition = {
    id: 'child-2024',
    name: 'child',
    description: '',
    validFrom: 2024,
    parameters: { 'funding.boarding': { unit: 'fen per boarder per year', reference: 'county decision 2024-07', values: [{ from: '2024-09-01', value: 50000 }] } },
  };
  t.match(messages(child), ['/parameters missing parameter indicators.resourceStandards.B1.primary (teachers per 100 students)']);
  const applied = applyExtends(child, jiaoling());
  t.equal(applied.extends, 'jiaoling-2023');
  t.same(policyDefinitionProblems(applied), []);
  const p = resolvePolicyDefinition(applied, 2024);
  t.equal(p.id, 'child-2024');
  t.equal(p.funding.boarding.fen, 50000);
  t.equal(p.funding.boarding.clause, 'county decision 2024-07');
  t.equal(p.funding.senior.fen, 100000, 'the parent\'s other values');
  t.equal(p.indicators.juniorConsolidationMin, 0.96);
});

t.test('defaults: county codes and "*", naming known profiles only', async (t) => {
  const known = new Set(['national-2017', 'jiaoling-2023']);
  const ok = parsePolicyDefaults({ '441427': 'jiaoling-2023', '*': 'national-2017' }, known);
  t.same(ok.problems, []);
  t.equal(defaultPolicyFor(ok.defaults!, '441427'), 'jiaoling-2023');
  t.equal(defaultPolicyFor(ok.defaults!, '440105'), 'national-2017');
  const bad = parsePolicyDefaults({ '4414': 'jiaoling-2023', '441481': 'nope-2020', '441482': 7 }, known);
  t.same(bad.problems, [
    { pointer: '/4414', message: 'a key is a 6-digit county code or "*"' },
    { pointer: '/441481', message: 'names policy nope-2020, which no file defines' },
    { pointer: '/441482', message: 'must be a policy id' },
    { pointer: '/', message: 'needs "*": the profile of every county not listed' },
  ]);
  t.equal(bad.defaults, undefined);
  t.match(parsePolicyDefaults([], known).problems, [{ pointer: '/' }]);
});
