import { fileTest } from '../../helpers/file-test.js';
import {
  FundingParamsError,
  fundingParamsProblems,
  parseFundingParams,
  type FundingParams,
} from '../../../src/rules/funding/index.js';
import { GUANGDONG_2018_FUNDING, JIAOLING_2023_FUNDING, NATIONAL_2017_FUNDING } from '../policies/shipped.js';

const t = fileTest(import.meta);

t.test('shipped profiles are valid and carry the values of docs/domain.md §7.10', async (t) => {
  for (const p of [NATIONAL_2017_FUNDING, GUANGDONG_2018_FUNDING, JIAOLING_2023_FUNDING]) {
    t.equal(parseFundingParams(p), p);
  }
  const rates = (p: FundingParams) => [
    p.baseRate.primary.fen,
    p.baseRate.junior.fen,
    p.boarding.fen,
    p.specialEducation.fen,
    p.preschool.fen,
    p.senior.fen,
  ];
  t.same(rates(NATIONAL_2017_FUNDING), [65000, 85000, 20000, 600000, 0, 0]);
  t.same(rates(GUANGDONG_2018_FUNDING), [115000, 195000, 30000, 600000, 50000, 70000]);
  t.same(rates(JIAOLING_2023_FUNDING), [115000, 195000, 35000, 600000, 50000, 100000]);
  t.equal(NATIONAL_2017_FUNDING.smallSchoolTier.enabled, false);
  t.equal(GUANGDONG_2018_FUNDING.smallSchoolTier.enabled, false);
  t.equal(JIAOLING_2023_FUNDING.smallSchoolTier.enabled, true);
  t.same(JIAOLING_2023_FUNDING.smallSchoolTier.bands, [
    { aboveStudents: 100, upToStudents: 200, upToInclusive: true, fundedAs: 200 },
    { aboveStudents: 200, upToStudents: 300, upToInclusive: false, fundedAs: 300 },
  ]);
  t.equal(JIAOLING_2023_FUNDING.trainingMinimum.basisPoints, 500);
  t.equal(JIAOLING_2023_FUNDING.specialSchoolMinimum.fen, 600000);
  t.match(JIAOLING_2023_FUNDING.boarding.clause, /实施方案（2023—2025年）》 三\(六\)2: .*350元/);
  t.match(NATIONAL_2017_FUNDING.smallSchoolFloor.clause, /国发〔2015〕67号/);
});

t.test('schema and cross-field problems are reported all at once', async (t) => {
  const bad = { ...JIAOLING_2023_FUNDING, boarding: { fen: 350.5, clause: '' } };
  const err = t.throws(() => parseFundingParams(bad)) as unknown;
  t.ok(err instanceof FundingParamsError);
  t.ok(err instanceof FundingParamsError && err.problems.length >= 2);
  t.throws(() => parseFundingParams({ ...JIAOLING_2023_FUNDING, extra: 1 }), FundingParamsError);

  const overlapping: FundingParams = {
    ...JIAOLING_2023_FUNDING,
    smallSchoolTier: {
      ...JIAOLING_2023_FUNDING.smallSchoolTier,
      bands: [
        { aboveStudents: 100, upToStudents: 250, upToInclusive: true, fundedAs: 200 }, // fundedAs < 250
        { aboveStudents: 200, upToStudents: 300, upToInclusive: false, fundedAs: 300 }, // overlaps
      ],
    },
  };
  t.equal(fundingParamsProblems(overlapping).length, 2);
  t.throws(() => parseFundingParams(overlapping), FundingParamsError);
  const belowFloor: FundingParams = {
    ...JIAOLING_2023_FUNDING,
    smallSchoolTier: {
      ...JIAOLING_2023_FUNDING.smallSchoolTier,
      bands: [{ aboveStudents: 50, upToStudents: 200, upToInclusive: true, fundedAs: 200 }],
    },
  };
  t.same(fundingParamsProblems(belowFloor), ['/smallSchoolTier/bands/0: starts below the small-school floor']);
});
