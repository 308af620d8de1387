import { fileTest } from '../../helpers/file-test.js';
import type { CountyFactsInput } from '../../../src/rules/indicators/inputs.js';
import { buildScorecard, type ScorecardEntry } from '../../../src/rules/indicators/scorecard.js';
import { assessResourceAllocation } from '../../../src/rules/indicators/resource-allocation.js';
import { JIAOLING_COUNTY_TARGETS } from '../policies/shipped.js';
import { ALL_MET, exactJunior, exactPrimary, FACTS, facilities, FUNDING, NATIONAL, school, stage } from './fixtures.js';

const t = fileTest(import.meta);

function byId(entries: ScorecardEntry[]): Record<string, ScorecardEntry> {
  return Object.fromEntries(entries.map((e) => [e.id, e]));
}

t.test('a county meeting everything', async (t) => {
  const card = buildScorecard(ALL_MET, NATIONAL);
  t.equal(card.indicators.length, 31);
  const notMet = card.indicators.filter((e) => e.status !== 'met').map((e) => `${e.id}:${e.status}:${e.explanation}`);
  t.same(notMet, []);
  t.same(card.summary, { met: 31, notMet: 0, notAssessable: 0 });
  t.same(card.resourceAllocation.passes, true);
  const e = byId(card.indicators);
  t.same(e.B1?.standardByStage, { primary: 4.2, junior: 5.3 });
  t.same(e.B1?.responsibleUnits, ['县委组织部', '县教育局']);
  t.equal(e.B1?.missing, undefined);
  t.equal(e.B19?.value, 1); // derived from the schools: 140 / 140
  t.equal(e.B23?.value, 0.9831); // 1455 / (1490 + 22 − 31 − 1) = 1455 / 1480
  t.same(e.B20?.valueByStage, { primary: 1, junior: 0.95 });
  t.equal(e.B14?.value, 6000);
  t.match(e.B8?.explanation, /declared met \(B8 evidence\)/);

  // the county target profile is stricter: 1455 / 1480 = 98.31 % ≥ 96 %, 118 / 120 = 98.33 % ≥ 98 %,
  // migrant 100 % ≥ 100 % → still met; drop one migrant child and B22 fails there but not nationally
  const facts2 = { ...FACTS, migrantChildrenInPublic: { numerator: 429, denominator: 430 } };
  const input = { schools: [exactPrimary('p1'), exactJunior('j1')], facts: facts2 };
  t.equal(byId(buildScorecard(input, NATIONAL).indicators).B22?.status, 'met');
  t.equal(byId(buildScorecard(input, JIAOLING_COUNTY_TARGETS).indicators).B22?.status, 'not_met');
});

t.test('nothing given: not_assessable, naming the missing inputs', async (t) => {
  const card = buildScorecard({ schools: [] }, NATIONAL);
  const e = byId(card.indicators);
  for (const x of card.indicators) {
    t.equal(x.status, 'not_assessable', `${x.id} not assessable`);
    t.ok((x.missing ?? []).length > 0, `${x.id} names what is missing`);
  }
  t.same(e.B1?.missing, ['assessed primary units', 'assessed junior units']);
  t.same(e.B13?.missing, ['funding B13']);
  t.same(e.B15?.missing, ['facts.teacherAveragePayYuan', 'facts.civilServantAveragePayYuan']);
  t.same(e.B16?.missing, ['training completion counts (fullTime, completed)']);
  t.same(e.B20?.missing, ['facts.nearbyEnrolmentPrimary', 'facts.nearbyEnrolmentJunior']);
  t.same(e.B23?.missing, ['facts.juniorConsolidation']);
  t.same(e.B31?.missing, ['facts.qualityMonitoring']);
  t.same(e.B8?.missing, ['facts.declared B8']);
  t.same(card.summary, { met: 0, notMet: 0, notAssessable: 31 });
});

t.test('statuses of B1–B7, B10–B12 follow every unit and school', async (t) => {
  // p2 has only 3820.5 m² of teaching rooms (84.9 % of 4.5 × 1000): B4 not met for the county
  const p2 = exactPrimary('p2');
  p2.facilities = { ...p2.facilities!, teachingAreaM2: 3820.5, musicRoomAreasM2: [95.99, 96] };
  const p3 = exactPrimary('p3', { facilities: null, classes: null });
  const card = buildScorecard({ schools: [exactPrimary('p1'), p2, exactJunior('j1')], facts: FACTS, funding: FUNDING }, NATIONAL);
  const e = byId(card.indicators);
  t.equal(e.B4?.status, 'not_met');
  t.match(e.B4?.explanation, /below 0.85 of the standard: p2:primary/);
  t.equal(e.B1?.status, 'met');
  t.equal(e.B10?.status, 'not_met'); // p2 counts 1 music room of 96 m², needs 2 for 24 classes
  t.equal(card.resourceAllocation.primary, false);
  t.equal(card.resourceAllocation.passes, false);
  t.equal(e.B16?.status, 'not_assessable');

  // a school without facilities or class list: B4–B7, B10, B12 not assessable naming it
  const card2 = buildScorecard({ schools: [exactPrimary('p1'), p3, exactJunior('j1')] }, NATIONAL);
  const e2 = byId(card2.indicators);
  t.equal(e2.B1?.status, 'met');
  t.equal(e2.B4?.status, 'not_assessable');
  t.ok(e2.B4?.missing?.includes('facilities of p3'));
  t.equal(e2.B10?.status, 'not_assessable');
  t.same(e2.B10?.missing, ['facilities of p3']);
  t.equal(e2.B12?.status, 'not_assessable');
  t.same(e2.B12?.missing, ['classes of p3']);
  t.equal(e2.B11?.status, 'met');
});

t.test('county facts at their bounds', async (t) => {
  const run = (facts: CountyFactsInput) => byId(buildScorecard({ schools: [], facts }, NATIONAL).indicators);
  // B20 junior 1405 / 1480 = 94.93 % < 95 %
  t.equal(run({ ...FACTS, nearbyEnrolmentJunior: { numerator: 1405, denominator: 1480 } }).B20?.status, 'not_met');
  // B15 teacher pay one fen below the civil-servant pay
  t.equal(run({ ...FACTS, teacherAveragePayYuan: 95999.99 }).B15?.status, 'not_met');
  // B21 549 / 1100 < 50 %
  t.equal(run({ ...FACTS, qualityHighSchoolQuota: { numerator: 549, denominator: 1100 } }).B21?.status, 'not_met');
  // B23: 1406 / 1480 = 95 % exactly meets; 1405 does not
  t.equal(run({ ...FACTS, juniorConsolidation: { graduates: 1406, grade7Entrants: 1480, transfersIn: 0, transfersOut: 0, deaths: 0 } }).B23?.status, 'met');
  t.equal(run({ ...FACTS, juniorConsolidation: { graduates: 1405, grade7Entrants: 1480, transfersIn: 0, transfersOut: 0, deaths: 0 } }).B23?.status, 'not_met');
  // B24 denominator 0 → not assessable
  const b24 = run({ ...FACTS, disabledEnrolment: { numerator: 0, denominator: 0 } }).B24;
  t.equal(b24?.status, 'not_assessable');
  t.same(b24?.missing, ['facts.disabledEnrolment (denominator is 0)']);
  // B31: variance share 0.15 is not below 0.15; level 2 fails
  t.equal(run({ ...FACTS, qualityMonitoring: [{ subject: 'math', level: 3, betweenSchoolVarianceShare: 0.15 }] }).B31?.status, 'not_met');
  t.equal(run({ ...FACTS, qualityMonitoring: [{ subject: 'math', level: 2, betweenSchoolVarianceShare: 0.1 }] }).B31?.status, 'not_met');
  t.equal(run({ ...FACTS, qualityMonitoring: [{ subject: 'math', level: 3, betweenSchoolVarianceShare: 0.1499 }] }).B31?.status, 'met');
  // declared not met; the last declaration wins
  const d = run({ ...FACTS, declared: [{ indicatorId: 'B9', met: true }, { indicatorId: 'B9', met: false, evidence: 'revised' }] });
  t.equal(d.B9?.status, 'not_met');
  t.equal(d.B8?.status, 'not_assessable');
  // funding decided not met
  const f = byId(buildScorecard({ schools: [], funding: { B26: { met: false, detail: 'school X budgets 3 %' } } }, NATIONAL).indicators);
  t.equal(f.B26?.status, 'not_met');
  t.match(f.B26?.explanation, /school X budgets 3 %/);
});

t.test('results are plain JSON (no bigint, no rationals)', async (t) => {
  const schools = [exactPrimary('p1'), exactJunior('j1'), school({ schoolCode: 'n1', kind: 'nine_year', stages: { primary: stage(166, 4), junior: stage(210, 5) }, facilities: facilities({ multimediaClassrooms: 10 }) })];
  const card = buildScorecard({ schools, facts: FACTS }, NATIONAL);
  const text = JSON.stringify(card);
  t.same(JSON.parse(text), card);
  t.notMatch(text, /"n":|"d":/);
  const ra = assessResourceAllocation(schools, NATIONAL);
  t.doesNotThrow(() => JSON.stringify(ra));
  t.equal(ra.primary.units.find((u) => u.unitId === 'n1:primary')?.indicators?.B7.numerator, 4.1814);
});
