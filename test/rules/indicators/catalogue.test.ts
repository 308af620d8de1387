import t from 'tap';
import { Value } from 'typebox/value';
import { indicatorCatalogue, INDICATOR_IDS, catalogueText } from '../../../src/rules/indicators/catalogue.js';
import { IndicatorParamsSchema } from '../../../src/rules/policies/indicator-params.js';
import { JIAOLING_COUNTY_TARGETS, NATIONAL_2017_INDICATORS } from '../policies/shipped.js';

t.test('the policy profiles validate against the schema', async (t) => {
  t.ok(Value.Check(IndicatorParamsSchema, NATIONAL_2017_INDICATORS));
  t.ok(Value.Check(IndicatorParamsSchema, JIAOLING_COUNTY_TARGETS));
  t.notOk(Value.Check(IndicatorParamsSchema, { ...NATIONAL_2017_INDICATORS, floorShare: 1.2 }));
  t.notOk(Value.Check(IndicatorParamsSchema, { ...NATIONAL_2017_INDICATORS, teachingPoints: 'drop' }));
  t.notOk(Value.Check(IndicatorParamsSchema, { ...NATIONAL_2017_INDICATORS, surprise: 1 }));
});

t.test('national defaults and the county targets', async (t) => {
  const n = NATIONAL_2017_INDICATORS;
  t.same(n.resourceStandards.B1, { primary: 4.2, junior: 5.3 });
  t.equal(n.minIndicatorsMet, 6);
  t.equal(n.floorShare, 0.85);
  t.same(n.cvMax, { primary: 0.5, junior: 0.45 });
  t.same(n.compositeCvMax, { primary: 0.65, junior: 0.55 });
  t.equal(n.teachingPoints, 'separate');
  t.equal(n.teachingPointMinStudents, 50);
  t.equal(n.juniorConsolidationMin, 0.95);
  const j = JIAOLING_COUNTY_TARGETS;
  t.equal(j.juniorConsolidationMin, 0.96);
  t.equal(j.disabledEnrolmentMin, 0.98);
  t.equal(j.migrantChildrenInPublicMin, 1);
  t.same({ ...j, juniorConsolidationMin: 0.95, disabledEnrolmentMin: 0.95, migrantChildrenInPublicMin: 0.85 }, n, 'otherwise national');
  t.not(j.resourceStandards, n.resourceStandards, 'no shared nested objects');
});

t.test('the catalogue lists B1–B31 with Appendix 1 text and responsible units', async (t) => {
  const c = indicatorCatalogue(NATIONAL_2017_INDICATORS);
  t.same(c.map((e) => e.id), [...INDICATOR_IDS]);
  t.equal(c.length, 31);
  t.same(c.filter((e) => e.group === 'A1').map((e) => e.id), ['B1', 'B2', 'B3', 'B4', 'B5', 'B6', 'B7']);
  t.equal(c.filter((e) => e.group === 'A2').length, 15); // B8–B22
  t.equal(c.filter((e) => e.group === 'A3').length, 9); // B23–B31
  const b1 = c[0]!;
  t.equal(b1.text, '每百名学生拥有高于规定学历教师数：小学、初中分别达到4.2人以上、5.3人以上');
  t.same(b1.responsibleUnits, ['县委组织部', '县教育局']);
  t.same(b1.standard, { comparison: 'gte', primary: 4.2, junior: 5.3, unit: '人/百名学生', note: 'cv ≤ 0.5 (primary), 0.45 (junior); every unit ≥ 0.85 of the standard' });
  t.same(catalogueText('B7').responsibleUnits, ['县科工商务局', '县财政局', '县教育局']);
  t.same(catalogueText('B24').responsibleUnits, ['县民政局', '县卫健局', '县教育局', '县残联', '各乡镇']);
  t.same(catalogueText('B28').responsibleUnits, ['县委宣传部', '县教育局']);
  t.equal(catalogueText('B30').responsibleUnits.length, 7);
  t.same(c.find((e) => e.id === 'B12')?.standard?.primary, 45);
  t.same(c.find((e) => e.id === 'B11')?.standard?.byKind?.nine_year, 2500);
  t.equal(c.find((e) => e.id === 'B8')?.standard, null);
  for (const e of c) t.ok(e.responsibleUnits.length > 0 && e.text.length > 0, `${e.id} has text and units`);
  t.equal(indicatorCatalogue(JIAOLING_COUNTY_TARGETS).find((e) => e.id === 'B23')?.standard?.value, 0.96);
});
