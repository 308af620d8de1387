// Teacher subject mixes shared by the demo county and the synthetic province: weights by stage for the
// general subjects, and for pe/music/art, the subjects B3 counts.
import type { Stage } from '../rules/vocabulary.js';

export type SubjectWeights = readonly (readonly [string, number])[];

export const ARTS_SUBJECTS: SubjectWeights = [['pe', 45], ['music', 30], ['art', 25]];
export const GENERAL_SUBJECTS: Readonly<Record<Stage | 'special', SubjectWeights>> = {
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

