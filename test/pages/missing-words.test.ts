// The API's English words for what an indicator lacks, as the pages say them: every form the indicator
// rules write is said in Chinese, with no API field name left in it.

import { fileTest } from '../helpers/file-test.js';
import { exclusionWords, missingWords, notAssessedWords } from '../../src/pages/missing-words.js';

const t = fileTest(import.meta);

const FACT_FIELDS = [
  'qualityMonitoring',
  'teacherAveragePayYuan',
  'civilServantAveragePayYuan',
  'nearbyEnrolmentPrimary',
  'nearbyEnrolmentJunior',
  'qualityHighSchoolQuota',
  'migrantChildrenInPublic',
  'juniorConsolidation',
  'disabledEnrolment',
];

t.test('every form the rules write is said in Chinese', async (t) => {
  const names = new Map([['2144142709', '城东小学']]);
  const nameOf = (code: string) => names.get(code);
  const forms = [
    ...FACT_FIELDS.map((f) => `facts.${f}`),
    ...FACT_FIELDS.map((f) => `facts.${f} (denominator is 0)`),
    'facts.declared B19',
    'funding B13',
    'facilities of 2144142709',
    'classes of 2144142709',
    'certified teacher count of 2144142709:primary',
    'assessed junior units',
    'B4 inputs of 2144142709:primary',
    'B4 of 2144142709:junior',
    'a non-zero B6 mean (all primary units are 0)',
    'certification counts (fullTime, certified) (denominator is 0)',
    'training completion counts (fullTime, completed) (denominator is 0)',
    'rotation counts (rotated, eligible) (denominator is 0)',
    'students',
    'trainingSpendYuan',
  ];
  for (const form of forms) {
    const words = missingWords(form, nameOf);
    t.notMatch(words, /[a-zA-Z]{3,}/, `${form} → ${words}`);
  }
  t.equal(missingWords('facilities of 2144142709', nameOf), '城东小学的校舍与设备数据', 'a school by its name');
  t.equal(missingWords('B4 of 2144142709:junior', nameOf), '城东小学初中的 B4');
  t.equal(missingWords('something new'), 'something new', 'an unknown form as the API wrote it');
});

t.test('exclusions and units not assessed', async (t) => {
  t.equal(exclusionWords('private school (assessPrivateSchools: false)', 'primary'), '民办学校：本政策不评估民办学校');
  t.equal(exclusionWords('kindergarten school: no compulsory assessment unit', 'kindergarten'), '幼儿园没有义务教育学段，不设评估单位');
  t.equal(notAssessedWords('teaching point with 12 students, fewer than teachingPointMinStudents 20'), '教学点学生 12 人，不足参评所需的 20 人');
  t.equal(notAssessedWords('0 students'), '该单位没有学生');
});
