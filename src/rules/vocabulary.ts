// The closed vocabularies of docs/domain.md §1, shared by the rules, the database enums and the API schemas.

export const STAGES = ['preschool', 'primary', 'junior', 'senior'] as const;
export type Stage = (typeof STAGES)[number];

export const COMPULSORY_STAGES = ['primary', 'junior'] as const;
export type CompulsoryStage = (typeof COMPULSORY_STAGES)[number];

export const SCHOOL_KINDS = [
  'kindergarten',
  'primary',
  'teaching_point',
  'junior',
  'nine_year',
  'twelve_year',
  'complete_secondary',
  'senior',
  'special',
] as const;
export type SchoolKind = (typeof SCHOOL_KINDS)[number];

export const AREA_TYPES = ['urban', 'town', 'rural'] as const;
export type AreaType = (typeof AREA_TYPES)[number];

export const OWNERSHIPS = ['public', 'private'] as const;
export type Ownership = (typeof OWNERSHIPS)[number];

export const EDUCATION_LEVELS = [
  'below_secondary',
  'secondary',
  'associate',
  'bachelor',
  'master',
  'doctorate',
] as const;
export type EducationLevel = (typeof EDUCATION_LEVELS)[number];

export const BACKBONE_LEVELS = ['none', 'county', 'city', 'province', 'national'] as const;
export type BackboneLevel = (typeof BACKBONE_LEVELS)[number];

/**
 * Which stages a school of each kind may teach. A special school teaches compulsory-age pupils in its
 * own classes, recorded under the primary and junior stages; its preschool classes are allowed too.
 */
export const STAGES_BY_KIND: Readonly<Record<SchoolKind, readonly Stage[]>> = {
  kindergarten: ['preschool'],
  primary: ['preschool', 'primary'],
  teaching_point: ['preschool', 'primary'],
  junior: ['junior'],
  nine_year: ['preschool', 'primary', 'junior'],
  twelve_year: ['preschool', 'primary', 'junior', 'senior'],
  complete_secondary: ['junior', 'senior'],
  senior: ['senior'],
  special: ['preschool', 'primary', 'junior', 'senior'],
};

/** Grades each stage covers (docs/domain.md §1); preschool uses 1–3 for 小班/中班/大班. */
export const GRADES_BY_STAGE: Readonly<Record<Stage, readonly [number, number]>> = {
  preschool: [1, 3],
  primary: [1, 6],
  junior: [7, 9],
  senior: [10, 12],
};
