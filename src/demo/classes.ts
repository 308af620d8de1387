// The demo's classes: each stage's pupils of a year spread over the plan's classes, near-equal with some
// jitter and never above the class-size limit of the year's policy (B12) or a local cap.

import type { IndicatorParams } from '../rules/policies/indicator-params.js';
import type { Stage } from '../rules/vocabulary.js';
import { DEMO_YEARS, SCHOOL_PLANS, type DemoYear, type SchoolPlan, type StagePlan } from './plan.js';
import type { DemoPolicies } from './policy.js';
import type { Rng } from './prng.js';
import type { DemoClass } from './types.js';

/** A number per stage: the pupils, or the classes, of a school in a year. */
export type Pupils = Record<Stage, number>;
const noPupils = (): Pupils => ({ preschool: 0, primary: 0, junior: 0, senior: 0 });

/** The key of a school's figures of a year in the maps below. */
export const schoolYearKey = (schoolCode: string, year: DemoYear): string => `${schoolCode}|${year}`;

export interface DemoClasses {
  classes: DemoClass[];
  /** Pupils per stage, by schoolYearKey. */
  pupilsOf: Map<string, Pupils>;
  /** Classes per stage, by schoolYearKey. */
  classCountOf: Map<string, Pupils>;
}

const STAGE_PREFIX: Readonly<Record<Stage, string>> = { preschool: 'K', primary: 'P', junior: 'J', senior: 'S' };
/** Class caps of the stages no policy limits (generation only); primary and junior use the policy's B12 limits. */
const OTHER_CLASS_CAP: Readonly<Record<'preschool' | 'senior', number>> = { preschool: 35, senior: 55 };
const SPECIAL_CLASS_CAP = 12;

const classCap = (stage: Stage, params: IndicatorParams): number =>
  stage === 'primary' || stage === 'junior' ? params.classSize.max[stage] : OTHER_CLASS_CAP[stage];

/** Integers summing to `total`, each in [1, cap], near-equal with some jitter. */
function spread(total: number, n: number, cap: number, rng: Rng, jitter = 0.1): number[] {
  if (n === 0) {
    if (total !== 0) throw new Error(`cannot place ${total} pupils in no class`);
    return [];
  }
  if (total < n || total > n * cap) throw new Error(`cannot place ${total} pupils in ${n} classes of at most ${cap}`);
  const weights = Array.from({ length: n }, () => 1 - jitter + 2 * jitter * rng.next());
  const sum = weights.reduce((a, b) => a + b, 0);
  const sizes = weights.map((w) => Math.min(cap, Math.max(1, Math.floor((total * w) / sum))));
  let diff = total - sizes.reduce((a, b) => a + b, 0);
  let i = rng.int(0, n - 1);
  while (diff !== 0) {
    const s = sizes[i] as number;
    if (diff > 0 && s < cap) {
      sizes[i] = s + 1;
      diff--;
    } else if (diff < 0 && s > 1) {
      sizes[i] = s - 1;
      diff++;
    }
    i = (i + 1) % n;
  }
  return sizes;
}

/** A stage's pupils in a year: the plan's figure for 2024, and the plan's or a small drift from it for 2023. */
function stageTotal(sp: StagePlan, year: DemoYear, rng: Rng): number {
  if (year === 2024) return sp.students;
  if (sp.students2023 !== undefined) return sp.students2023;
  const drift = rng.range(0.01, 0.05) * (rng.chance(0.55) ? 1 : -1);
  return Math.round(sp.students * (1 + drift));
}

/** The classes of one stage of a school in a year: the plan's fixed sizes, the rest spread. */
function stageClasses(
  plan: SchoolPlan,
  schoolCode: string,
  sp: StagePlan,
  year: DemoYear,
  total: number,
  rng: Rng,
  params: IndicatorParams,
): DemoClass[] {
  const [g0, g1] = sp.grades;
  const codes: { code: string; grade: number }[] = [];
  for (let g = g0; g <= g1; g++) {
    const per = typeof sp.perGrade === 'number' ? sp.perGrade : (sp.perGrade[g - g0] ?? 1);
    for (let k = 1; k <= per; k++) codes.push({ code: `${STAGE_PREFIX[sp.stage]}${g}-${k}`, grade: g });
  }
  const fixed = sp.fixed?.[year] ?? {};
  for (const code of Object.keys(fixed)) {
    if (!codes.some((c) => c.code === code)) throw new Error(`${plan.key}: fixed class ${code} is not a class of the plan`);
  }
  const free = codes.filter((c) => fixed[c.code] === undefined);
  const fixedSum = Object.values(fixed).reduce((a, b) => a + b, 0);
  const cap = plan.kind === 'special' ? SPECIAL_CLASS_CAP : classCap(sp.stage, params);
  const sizes = spread(total - fixedSum, free.length, cap, rng);
  const bySize = new Map(free.map((c, i) => [c.code, sizes[i] as number]));
  return codes.map((c) => ({
    schoolCode,
    year,
    classCode: c.code,
    stage: sp.stage,
    grade: c.grade,
    students: fixed[c.code] ?? (bySize.get(c.code) as number),
  }));
}

/** Every school's classes of both years, with the pupils and classes they make per school, year and stage. */
export function buildClasses(root: Rng, code: (key: string) => string, policies: DemoPolicies): DemoClasses {
  const classes: DemoClass[] = [];
  const pupilsOf = new Map<string, Pupils>();
  const classCountOf = new Map<string, Pupils>();
  for (const plan of SCHOOL_PLANS) {
    const schoolCode = code(plan.key);
    const totalsRng = root.fork(`totals:${plan.key}`);
    const totals = new Map<Stage, number>();
    for (const sp of plan.stages) totals.set(sp.stage, stageTotal(sp, 2023, totalsRng));
    for (const year of DEMO_YEARS) {
      const pupils = noPupils();
      const counts = noPupils();
      const rng = root.fork(`classes:${plan.key}:${year}`);
      for (const sp of plan.stages) {
        const total = year === 2023 ? (totals.get(sp.stage) as number) : sp.students;
        const made = stageClasses(plan, schoolCode, sp, year, total, rng, policies[year].indicators);
        classes.push(...made);
        pupils[sp.stage] += made.reduce((a, c) => a + c.students, 0);
        counts[sp.stage] += made.length;
      }
      pupilsOf.set(schoolYearKey(schoolCode, year), pupils);
      classCountOf.set(schoolYearKey(schoolCode, year), counts);
    }
  }
  return { classes, pupilsOf, classCountOf };
}
