// Teacher subject mixes shared by the demo county and the synthetic province: how often each subject is
// taught (made-up weights). Which subjects B3 counts is the policy's (`indicators.artsPeSubjects`), so a
// profile that counts other subjects gets arts teachers of those subjects and general teachers of none.
import type { IndicatorParams } from '../rules/policies/indicator-params.js';
import type { Stage } from '../rules/vocabulary.js';

export type SubjectWeights = readonly (readonly [string, number])[];
type SubjectKey = Stage | 'special';

/** How often each arts subject is taught; a subject the policy counts that is not listed gets OTHER_ARTS_WEIGHT. */
const ARTS_SUBJECT_MIX: Readonly<Record<string, number>> = { pe: 45, music: 30, art: 25 };
const OTHER_ARTS_WEIGHT = 20;

const GENERAL_SUBJECTS: Readonly<Record<SubjectKey, SubjectWeights>> = {
  preschool: [['chinese', 30], ['math', 20], ['science', 15], ['ethics', 10]],
  primary: [['chinese', 34], ['math', 28], ['english', 12], ['science', 9], ['ethics', 8], ['it', 5]],
  junior: [
    ['chinese', 17], ['math', 17], ['english', 16], ['physics', 9], ['chemistry', 6], ['biology', 7],
    ['history', 8], ['geography', 7], ['ethics', 8], ['it', 5],
  ],
  senior: [
    ['chinese', 16], ['math', 16], ['english', 16], ['physics', 10], ['chemistry', 9], ['biology', 8],
    ['history', 8], ['geography', 8], ['ethics', 6], ['it', 3],
  ],
  special: [['special_ed', 80], ['chinese', 10], ['math', 10]],
};


/** The subjects B3 counts under the policy, in the policy's order, weighted by how often each is taught. */
export function artsSubjects(params: Pick<IndicatorParams, 'artsPeSubjects'>): SubjectWeights {
  return params.artsPeSubjects.map((subject) => [subject, ARTS_SUBJECT_MIX[subject] ?? OTHER_ARTS_WEIGHT] as const);
}

/** The other subjects of a stage (or of a special school): the mix without any subject the policy counts for B3. */
export function generalSubjects(key: SubjectKey, params: Pick<IndicatorParams, 'artsPeSubjects'>): SubjectWeights {
  const all = GENERAL_SUBJECTS[key];
  return all.some(([subject]) => params.artsPeSubjects.includes(subject))
    ? all.filter(([subject]) => !params.artsPeSubjects.includes(subject))
    : all;
}
