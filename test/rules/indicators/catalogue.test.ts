import { fileTest } from '../../helpers/file-test.js';
import { Value } from 'typebox/value';
import { catalogueText, indicatorCatalogue, INDICATOR_IDS, type IndicatorId } from '../../../src/rules/indicators/catalogue.js';
import { buildScorecard, type Scorecard } from '../../../src/rules/indicators/scorecard.js';
import { IndicatorParamsSchema } from '../../../src/rules/policies/indicator-params.js';
import { JIAOLING_COUNTY_TARGETS, NATIONAL_2017_INDICATORS } from '../policies/shipped.js';
import { ALL_MET, exactJunior, exactPrimary, FACTS, facilities, NATIONAL, params, school, stage } from './fixtures.js';

const t = fileTest(import.meta);

const statusOf = (card: Scorecard): Record<string, string> => Object.fromEntries(card.indicators.map((e) => [e.id, e.status]));
const catalogue = indicatorCatalogue(NATIONAL);
const declaredIds = catalogue.filter((e) => e.source === 'declared').map((e) => e.id);

t.test('the policy profiles validate against the schema', async (t) => {
  t.ok(Value.Check(IndicatorParamsSchema, NATIONAL_2017_INDICATORS));
  t.ok(Value.Check(IndicatorParamsSchema, JIAOLING_COUNTY_TARGETS));
  t.notOk(Value.Check(IndicatorParamsSchema, { ...NATIONAL_2017_INDICATORS, floorShare: 1.2 }));
  t.notOk(Value.Check(IndicatorParamsSchema, { ...NATIONAL_2017_INDICATORS, teachingPoints: 'drop' }));
  t.notOk(Value.Check(IndicatorParamsSchema, { ...NATIONAL_2017_INDICATORS, surprise: 1 }));
});

t.test('ids are B1–B31, each once, in order, with text and responsible units', async (t) => {
  const expected = Array.from({ length: 31 }, (_, i) => `B${i + 1}`);
  t.same([...INDICATOR_IDS], expected);
  t.same(catalogue.map((e) => e.id), expected);
  t.same(buildScorecard({ schools: [] }, NATIONAL).indicators.map((e) => e.id), expected, 'the scorecard has one entry per id');
  // groups are consecutive runs in the order A1, A2, A3
  const runs = catalogue.map((e) => e.group).filter((g, i, all) => i === 0 || all[i - 1] !== g);
  t.same(runs, ['A1', 'A2', 'A3']);
  for (const e of catalogue) {
    t.equal(catalogueText(e.id).id, e.id);
    t.ok(e.text.length > 0 && e.groupName.length > 0, `${e.id} has text and a group name`);
    t.ok(e.responsibleUnits.length > 0, `${e.id} has responsible units`);
    t.equal(new Set(e.responsibleUnits).size, e.responsibleUnits.length, `${e.id}: no unit listed twice`);
  }
  t.throws(() => catalogueText('B32' as IndicatorId));
});

t.test('every entry is computed by an engine or listed as declared', async (t) => {
  t.ok(declaredIds.length > 0);
  for (const e of catalogue) {
    if (e.source === 'declared') t.equal(e.standard, null, `${e.id}: declared, no standard`);
    else t.not(e.standard, null, `${e.id}: computed against a standard`);
  }
  // a declaration decides a declared entry and nothing else
  const without = statusOf(buildScorecard({ ...ALL_MET, facts: { ...FACTS, declared: [] } }, NATIONAL));
  const declaredMet = (met: boolean) => ({ ...FACTS, declared: INDICATOR_IDS.map((id) => ({ indicatorId: id, met, evidence: 'x' })) });
  const yes = statusOf(buildScorecard({ ...ALL_MET, facts: declaredMet(true) }, NATIONAL));
  const no = statusOf(buildScorecard({ ...ALL_MET, facts: declaredMet(false) }, NATIONAL));
  for (const id of INDICATOR_IDS) {
    if (declaredIds.includes(id)) {
      t.same([without[id], yes[id], no[id]], ['not_assessable', 'met', 'not_met'], `${id} follows its declaration`);
    } else {
      t.same([without[id], yes[id], no[id]], ['met', 'met', 'met'], `${id} is computed: a declaration does not move it`);
    }
  }
});

t.test('the standards come from the policy', async (t) => {
  const p = params({
    resourceStandards: { ...NATIONAL.resourceStandards, B1: { primary: 9.9, junior: 5.3 } },
    juniorConsolidationMin: 0.97,
  });
  const changed = indicatorCatalogue(p);
  t.equal(changed.find((e) => e.id === 'B1')?.standard?.primary, 9.9);
  t.equal(changed.find((e) => e.id === 'B23')?.standard?.value, 0.97);
  const card = buildScorecard(ALL_MET, p);
  const b1 = card.indicators.find((e) => e.id === 'B1');
  t.same(b1?.standardByStage, { primary: 9.9, junior: 5.3 }, 'the scorecard judges against the same figure');
  t.equal(b1?.status, 'not_met', 'and the schools at 4.2 no longer meet it');
  t.equal(card.indicators.find((e) => e.id === 'B23')?.status, 'met', 'B23 at 98.3 % ≥ 97 %');
  t.equal(indicatorCatalogue(JIAOLING_COUNTY_TARGETS).find((e) => e.id === 'B23')?.standard?.value, JIAOLING_COUNTY_TARGETS.juniorConsolidationMin);
});

t.test('each status is reachable for every indicator', async (t) => {
  const empty = buildScorecard({ schools: [] }, NATIONAL);
  for (const e of empty.indicators) {
    t.equal(e.status, 'not_assessable', `${e.id}: not assessable without inputs`);
    t.ok((e.missing?.length ?? 0) > 0, `${e.id}: names what is missing`);
  }
  t.same(buildScorecard(ALL_MET, NATIONAL).summary, { met: 31, notMet: 0, notAssessable: 0 });

  // not met: each input that decides an indicator, one below its bound
  const weak = school({
    schoolCode: 'w1',
    stages: { primary: stage(1000, 24, { fullTime: 60, qualified: 30, backbone: 5, artsPe: 5, certified: 50 }) },
    facilities: facilities({ teachingAreaM2: 3000, sportsAreaM2: 5000, equipmentValueYuan: 1_000_000, multimediaClassrooms: 10 }),
    classes: Array.from({ length: 24 }, (_, i) => ({ classCode: `w${i}`, stage: 'primary' as const, students: i === 0 ? 64 : 41 })),
  });
  // one pupil above the policy's largest primary school
  const big = exactPrimary('big', { stages: { primary: stage(NATIONAL.schoolSizeMax.primary + 1, 60, { fullTime: 200, qualified: 200, backbone: 50, artsPe: 50, certified: 200 }) } });
  const failing = buildScorecard(
    {
      schools: [exactPrimary('p1'), exactPrimary('p2'), exactJunior('j1'), weak, big],
      facts: {
        ...FACTS,
        teacherAveragePayYuan: 95999,
        nearbyEnrolmentPrimary: { numerator: 3049, denominator: 3050 },
        nearbyEnrolmentJunior: { numerator: 1405, denominator: 1480 },
        qualityHighSchoolQuota: { numerator: 549, denominator: 1100 },
        migrantChildrenInPublic: { numerator: 365, denominator: 430 },
        juniorConsolidation: { graduates: 1400, grade7Entrants: 1490, transfersIn: 22, transfersOut: 31, deaths: 1 },
        disabledEnrolment: { numerator: 113, denominator: 120 },
        declared: INDICATOR_IDS.map((id) => ({ indicatorId: id, met: false })),
        qualityMonitoring: [{ subject: 'math', level: 2, betweenSchoolVarianceShare: 0.16 }],
      },
      training: { fullTime: 200, completed: 199 },
      rotation: { rotated: 9, eligible: 100, rotatedBackbone: 0 },
      funding: { B13: { met: false, detail: 'a small school funded on its pupils' }, B14: { met: false, detail: '5000 yuan' }, B26: { met: false, detail: '3 %' } },
    },
    NATIONAL,
  );
  const stillMet = failing.indicators.filter((e) => e.status !== 'not_met').map((e) => `${e.id}:${e.status}:${e.explanation}`);
  t.same(stillMet, [], 'every indicator can be not met');
});
