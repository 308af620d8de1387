// How many full-time teachers a unit should have in a year, and how many of them should teach PE, music or
// art (B3), hold the education B1 counts and a backbone title (B2): comfortably above the year's standards,
// except where the plan names a weakness.

import type { IndicatorParams } from '../rules/policies/indicator-params.js';
import type { DemoYear } from './plan.js';
import type { Rng } from './prng.js';
import type { Targets, Unit } from './staff.js';

const STUDENTS_PER_TEACHER: Readonly<Record<'primary' | 'junior', Readonly<Record<'urban' | 'town' | 'rural', number>>>> = {
  primary: { urban: 13.8, town: 12.6, rural: 11.5 },
  junior: { urban: 11.3, town: 10.6, rural: 9.8 },
};

export function unitTargets(u: Unit, year: DemoYear, rng: Rng, params: IndicatorParams): Targets {
  const { plan, stage, pupils: p, classes: c } = u;
  const weak = plan.weakTeachers?.[year]?.[stage];
  let n: number;
  let arts: number;
  let backbone: number;
  let qualified: number;
  if (plan.kind === 'special') {
    n = Math.ceil(p / 3.2);
    arts = Math.max(1, Math.round(n * 0.15));
    backbone = Math.max(1, Math.round(n * 0.12));
    qualified = Math.round(n * 0.95);
  } else if (stage === 'preschool') {
    n = plan.kind === 'kindergarten' ? Math.ceil(c * 1.8) : c;
    arts = Math.max(1, Math.round(n * 0.2));
    backbone = Math.round(n * 0.1);
    qualified = Math.round(n * 0.9);
  } else if (stage === 'senior') {
    n = Math.max(Math.round(p / 12.5), Math.ceil(c * 2.5));
    arts = Math.max(1, Math.round(n * 0.09));
    backbone = Math.round(n * 0.15);
    qualified = Math.round(n * 0.98);
  } else {
    const ratio = STUDENTS_PER_TEACHER[stage][plan.areaType];
    const floor =
      plan.kind === 'teaching_point'
        ? Math.max(2, c - 1)
        : stage === 'junior'
          ? Math.ceil(c * 2.8)
          : plan.areaType === 'rural'
            ? c
            : Math.ceil(c * 1.5);
    n = Math.max(Math.round(p / ratio), floor);
    const standard = (id: 'B1' | 'B2' | 'B3') => params.resourceStandards[id][stage];
    arts = Math.max(1, Math.ceil(((p * standard('B3')) / 100) * rng.range(1.12, 1.45)));
    backbone = Math.max(1, Math.ceil(((p * standard('B2')) / 100) * rng.range(1.25, 2.0)));
    const share = stage === 'primary' ? rng.range(0.9, 0.97) : rng.range(0.84, 0.93);
    qualified = Math.max(Math.ceil(((p * standard('B1')) / 100) * 1.15), Math.round(n * share));
  }
  const artsExact = weak?.arts !== undefined;
  if (weak?.arts !== undefined) arts = weak.arts;
  let backboneMax = Number.POSITIVE_INFINITY;
  if (weak?.backbone !== undefined) {
    backbone = weak.backbone;
    backboneMax = weak.backbone;
  }
  arts = Math.min(arts, n);
  backbone = Math.min(backbone, Math.floor(n / 2));
  qualified = Math.min(qualified, n);
  return { n, arts, artsExact, qualified, backboneMin: backbone, backboneMax };
}
