// The demo's teachers as people (Staff) and their posts in a year (Post): who they are, what they teach,
// their education and titles, and the roll that hires them and brings a unit up to its targets.

import type { IndicatorParams } from '../rules/policies/indicator-params.js';
import { EDUCATION_LEVELS, type BackboneLevel, type EducationLevel, type Stage } from '../rules/vocabulary.js';
import { personName } from './names.js';
import type { DemoYear, SchoolPlan } from './plan.js';
import type { Rng } from './prng.js';
import { artsSubjects, generalSubjects } from './subjects.js';

export interface Staff {
  staffCode: string;
  name: string;
  gender: 'male' | 'female';
  birthYear: number;
  subject: string;
  education: EducationLevel;
  backbone: BackboneLevel;
  certified: boolean;
}

/** A teacher's post in a year: the unit (`schoolCode|stage`) and how they work there. */
export interface Post {
  staff: Staff;
  unit: string;
  fullTime: boolean;
  rotated: boolean;
}

/** A stage of a school in a year, as the teachers are planned for it. */
export interface Unit {
  id: string; // schoolCode|stage
  plan: SchoolPlan;
  schoolCode: string;
  stage: Stage;
  pupils: number;
  classes: number;
}

/** What a unit's full-time teachers should number and include in a year. */
export interface Targets {
  n: number;
  arts: number;
  artsExact: boolean;
  qualified: number;
  backboneMin: number;
  backboneMax: number;
}

type EduKey = Stage | 'special';
/** Levels for teachers with and without the education B1 asks for (primary: associate+, junior: bachelor+). */
const EDUCATION: Readonly<Record<EduKey, { qualified: readonly (readonly [EducationLevel, number])[]; other: EducationLevel }>> = {
  preschool: { qualified: [['associate', 55], ['bachelor', 45]], other: 'secondary' },
  primary: { qualified: [['associate', 40], ['bachelor', 57], ['master', 3]], other: 'secondary' },
  junior: { qualified: [['bachelor', 88], ['master', 12]], other: 'associate' },
  senior: { qualified: [['bachelor', 80], ['master', 19], ['doctorate', 1]], other: 'associate' },
  special: { qualified: [['associate', 35], ['bachelor', 60], ['master', 5]], other: 'secondary' },
};
/** How common each backbone title is among titled teachers (made-up; the demo county has no national title). */
const TITLE_MIX: Readonly<Partial<Record<BackboneLevel, number>>> = { county: 62, city: 32, province: 6 };

/** The titles B2 counts under the policy, weighted by how common each is (every counted title alike if none is in the mix). */
function countedTitles(params: IndicatorParams): readonly (readonly [BackboneLevel, number])[] {
  const levels = params.backboneLevels.filter((level) => level !== 'none');
  const mixed = levels.filter((level) => (TITLE_MIX[level] ?? 0) > 0).map((level) => [level, TITLE_MIX[level] as number] as const);
  return mixed.length > 0 ? mixed : levels.map((level) => [level, 1] as const);
}
/** A title B2 counts. */
const countsForB2 = (level: BackboneLevel, params: IndicatorParams): boolean => params.backboneLevels.includes(level);

/** The least education B1 counts for a stage (senior teachers are held to the junior level; no unit counts them). */
const qualifiedLevel = (stage: Stage, params: IndicatorParams): EducationLevel =>
  params.qualifiedEducationMin[stage === 'junior' || stage === 'senior' ? 'junior' : 'primary'];
const isQualified = (stage: Stage, e: EducationLevel, params: IndicatorParams): boolean =>
  EDUCATION_LEVELS.indexOf(e) >= EDUCATION_LEVELS.indexOf(qualifiedLevel(stage, params));
/** A teacher B3 counts. */
export const isArts = (subject: string, params: IndicatorParams): boolean => params.artsPeSubjects.includes(subject);

const eduKey = (u: Unit): EduKey => (u.plan.kind === 'special' ? 'special' : u.stage);

/** Everyone the demo hires, in order of hiring (their staff codes follow it), drawing from one stream. */
export class StaffRoll {
  readonly staff: Staff[] = [];
  private readonly names = new Set<string>();

  constructor(private readonly rng: Rng) {}

  /**
   * A new teacher for a unit; `hire` makes them a recent graduate, otherwise any working age. An arts teacher
   * teaches a subject B3 counts under `params`, any other teacher a subject it does not.
   */
  newStaff(u: Unit, arts: boolean, qualified: boolean, year: DemoYear, hire: boolean, params: IndicatorParams): Staff {
    const rng = this.rng;
    const femaleShare = u.stage === 'preschool' ? 0.97 : u.stage === 'primary' ? 0.74 : 0.55;
    const gender = rng.chance(femaleShare) ? 'female' : 'male';
    const birthYear = hire ? year - rng.int(22, 30) : rng.int(1965, year - 24);
    const key = eduKey(u);
    const subject = arts ? rng.weighted(artsSubjects(params)) : rng.weighted(generalSubjects(key, params));
    const education = qualified ? rng.weighted(EDUCATION[key].qualified) : EDUCATION[key].other;
    const staff: Staff = {
      staffCode: `T441427${String(this.staff.length + 1).padStart(4, '0')}`,
      name: personName(rng, gender, this.names),
      gender,
      birthYear,
      subject,
      education,
      backbone: 'none',
      certified: true,
    };
    this.staff.push(staff);
    return staff;
  }

  /** A subject B3 does not count under `params` for a teacher of the unit. */
  generalSubject(u: Unit, params: IndicatorParams): string {
    return this.rng.weighted(generalSubjects(eduKey(u), params));
  }

  /** Brings a unit's roster to its education and backbone targets. */
  promote(roster: Post[], t: Targets, unit: Unit, params: IndicatorParams): void {
    // education: upgrade the youngest unqualified until the target is reached
    let qualified = roster.filter((p) => isQualified(unit.stage, p.staff.education, params)).length;
    for (const p of roster.slice().sort((a, b) => b.staff.birthYear - a.staff.birthYear)) {
      if (qualified >= t.qualified) break;
      if (!isQualified(unit.stage, p.staff.education, params)) {
        p.staff.education = qualifiedLevel(unit.stage, params);
        qualified++;
      }
    }
    // backbone (titles B2 counts): keep them, add to the most experienced, drop the newest above a cap
    let backbone = roster.filter((p) => countsForB2(p.staff.backbone, params)).length;
    for (const p of roster.slice().sort((a, b) => a.staff.birthYear - b.staff.birthYear)) {
      if (backbone >= t.backboneMin) break;
      if (!countsForB2(p.staff.backbone, params) && p.staff.birthYear <= 1992) {
        p.staff.backbone = this.rng.weighted(countedTitles(params));
        backbone++;
      }
    }
    for (const p of roster.slice().sort((a, b) => b.staff.birthYear - a.staff.birthYear)) {
      if (backbone <= t.backboneMax) break;
      if (countsForB2(p.staff.backbone, params)) {
        p.staff.backbone = 'none';
        backbone--;
      }
    }
  }
}
