// The demo's teachers over the two years. 2023: every unit staffed to its targets, some part-time
// teachers, four new teachers still without a certificate, a few teachers in their rotation year.
// 2024: people stay, retire or rotate (urban and town teachers to rural schools), and units hire up to
// their new targets. Every step draws from the one 'teachers' stream in a fixed order.

import type { IndicatorParams } from '../rules/policies/indicator-params.js';
import type { Stage } from '../rules/vocabulary.js';
import { schoolYearKey, type Pupils } from './classes.js';
import { SCHOOL_PLANS, type DemoYear } from './plan.js';
import type { DemoPolicies } from './policy.js';
import type { Rng } from './prng.js';
import { isArts, StaffRoll, type Post, type Unit } from './staff.js';
import { unitTargets } from './teacher-targets.js';
import type { DemoTeacher, DemoTeacherYear } from './types.js';

interface Context {
  root: Rng;
  /** The 'teachers' stream. */
  rng: Rng;
  roll: StaffRoll;
  codeOf: ReadonlyMap<string, string>;
  policies: DemoPolicies;
}

const schoolOf = (unitId: string): string => unitId.split('|')[0] as string;
const stageOf = (unitId: string): Stage => unitId.split('|')[1] as Stage;
const compulsoryPost = (p: Post): boolean => p.fullTime && (p.unit.endsWith('|primary') || p.unit.endsWith('|junior'));
const compulsoryUnit = (u: Unit): boolean => u.stage === 'primary' || u.stage === 'junior';

function planOfSchool(ctx: Context, schoolCode: string) {
  return SCHOOL_PLANS.find((p) => ctx.codeOf.get(p.key) === schoolCode);
}

/** Every stage of every school with pupils in the year. */
function unitsOf(
  year: DemoYear,
  codeOf: ReadonlyMap<string, string>,
  pupilsOf: ReadonlyMap<string, Pupils>,
  classCountOf: ReadonlyMap<string, Pupils>,
): Unit[] {
  const units: Unit[] = [];
  for (const plan of SCHOOL_PLANS) {
    const schoolCode = codeOf.get(plan.key) as string;
    const pupils = pupilsOf.get(schoolYearKey(schoolCode, year)) as Pupils;
    const counts = classCountOf.get(schoolYearKey(schoolCode, year)) as Pupils;
    for (const stage of ['preschool', 'primary', 'junior', 'senior'] as const) {
      if (pupils[stage] > 0) {
        units.push({ id: `${schoolCode}|${stage}`, plan, schoolCode, stage, pupils: pupils[stage], classes: counts[stage] });
      }
    }
  }
  return units;
}

/** 2023: every unit staffed to its targets from scratch. */
function staff2023(ctx: Context, units: readonly Unit[]): Post[] {
  const params = ctx.policies[2023].indicators;
  const posts: Post[] = [];
  for (const u of units) {
    const t = unitTargets(u, 2023, ctx.root.fork(`targets:${u.id}:2023`), params);
    const order = ctx.rng.shuffle(Array.from({ length: t.n }, (_, i) => i));
    const qualifiedSlots = new Set(order.slice(0, t.qualified));
    const roster: Post[] = [];
    for (let i = 0; i < t.n; i++) {
      const staff = ctx.roll.newStaff(u, i < t.arts, qualifiedSlots.has(i), 2023, false, params);
      roster.push({ staff, unit: u.id, fullTime: true, rotated: false });
    }
    ctx.roll.promote(roster, t, u, params);
    posts.push(...roster);
  }
  return posts;
}

/** Part-time teachers (兼职), mostly PE, music and art from the community, for up to `count` compulsory units without one. */
function addPartTimers(ctx: Context, posts: Post[], units: readonly Unit[], count: number, year: DemoYear): void {
  for (const u of ctx.rng.shuffle(units.filter(compulsoryUnit)).slice(0, count)) {
    if (posts.some((p) => !p.fullTime && p.unit === u.id)) continue;
    const staff = ctx.roll.newStaff(u, ctx.rng.chance(0.7), ctx.rng.chance(0.8), year, false, ctx.policies[year].indicators);
    staff.certified = ctx.rng.chance(0.6);
    posts.push({ staff, unit: u.id, fullTime: false, rotated: false });
  }
}

/** 2023: four newly hired full-time teachers still waiting for their certificate (B19 not met in 2023). */
function withoutCertificate2023(ctx: Context, posts: readonly Post[]): void {
  const young = posts.filter((p) => p.fullTime && p.staff.birthYear >= 1998 && p.unit.endsWith('|primary'));
  for (const p of ctx.rng.shuffle(young).slice(0, 4)) p.staff.certified = false;
}

/** 2023: a few teachers are in their rotation year (rotated into rural and town schools). */
function rotated2023(ctx: Context, posts: readonly Post[]): void {
  const params = ctx.policies[2023].indicators;
  const isRuralOrTown = (unitId: string): boolean => {
    const plan = planOfSchool(ctx, schoolOf(unitId));
    return plan !== undefined && plan.areaType !== 'urban' && (plan.ownership ?? 'public') === 'public';
  };
  const pool = ctx.rng.shuffle(posts.filter((p) => compulsoryPost(p) && isRuralOrTown(p.unit) && !isArts(p.staff.subject, params)));
  const backbone = pool.filter((p) => p.staff.backbone !== 'none').slice(0, 4);
  const others = pool.filter((p) => p.staff.backbone === 'none').slice(0, 12);
  for (const p of [...backbone, ...others]) p.rotated = true;
}

/** The year's records of the posts, as they stand now (later changes to a Staff do not reach them). */
function emit(ctx: Context, records: DemoTeacherYear[], year: DemoYear, posts: readonly Post[], yrng: Rng): void {
  const hours = Math.ceil(ctx.policies[year].indicators.training.hoursPerYear);
  const under = Math.max(0, hours - 1);
  for (const p of posts) {
    const stage = stageOf(p.unit);
    const lowHours = yrng.chance(0.04);
    const rec: DemoTeacherYear = {
      staffCode: p.staff.staffCode,
      year,
      schoolCode: schoolOf(p.unit),
      stage,
      fullTime: p.fullTime,
      education: p.staff.education,
      certified: p.staff.certified,
      backboneLevel: p.staff.backbone,
      subject: p.staff.subject,
      trainingHours: p.fullTime ? (lowHours ? yrng.int(Math.min(40, under), under) : yrng.int(hours, Math.max(hours, 110))) : yrng.int(40, 80),
      rotated: p.rotated,
    };
    if (stage === 'primary' || stage === 'junior') rec.rotationEligible = p.rotated || yrng.chance(0.06);
    records.push(rec);
  }
}

/** 2024: who of 2023 leaves (the oldest often retire; a few others go, and some part-timers). */
function leavers(ctx: Context, posts: readonly Post[]): Set<Post> {
  const leaving = new Set<Post>();
  for (const p of posts) {
    if (!p.fullTime) {
      if (ctx.rng.chance(0.15)) leaving.add(p);
    } else if (p.staff.birthYear <= 1965 ? ctx.rng.chance(0.5) : ctx.rng.chance(0.012)) {
      leaving.add(p);
    }
  }
  return leaving;
}

/** 2024 rotation: urban and town teachers to rural schools of the same stage; one backbone teacher to 白马小学. */
function rotationMoves(ctx: Context, posts: readonly Post[], leaving: ReadonlySet<Post>, units: readonly Unit[]): Map<Post, string> {
  const params = ctx.policies[2024].indicators;
  const moves = new Map<Post, string>();
  const ruralUnits = units.filter((u) => u.plan.areaType === 'rural' && u.plan.kind !== 'special' && compulsoryUnit(u) && u.pupils >= 100);
  const fromTownOrCity = (p: Post): boolean => {
    const plan = planOfSchool(ctx, schoolOf(p.unit));
    return plan !== undefined && plan.areaType !== 'rural' && (plan.ownership ?? 'public') === 'public';
  };
  const sources = ctx.rng.shuffle(
    posts.filter((p) => compulsoryPost(p) && !leaving.has(p) && !isArts(p.staff.subject, params) && !p.rotated && fromTownOrCity(p)),
  );
  const bb = sources.filter((p) => p.staff.backbone !== 'none');
  const plain = sources.filter((p) => p.staff.backbone === 'none');
  const baima = `${ctx.codeOf.get('r150')}|primary`;
  const first = bb.find((p) => p.unit.endsWith('|primary'));
  if (first) moves.set(first, baima);
  const movers = [...bb.filter((p) => p !== first).slice(0, 4), ...plain.slice(0, 10)];
  for (const p of movers) {
    const stage = stageOf(p.unit);
    const dest = ctx.rng.pick(ruralUnits.filter((u) => u.stage === stage && u.id !== baima));
    moves.set(p, dest.id);
  }
  return moves;
}

/** 2024: one unit's roster brought to its new targets (too many leave, too few are hired). */
function staffUnit2024(ctx: Context, u: Unit, carried: Post[], params: IndicatorParams): Post[] {
  const t = unitTargets(u, 2024, ctx.root.fork(`targets:${u.id}:2024`), params);
  let roster = carried;
  const arts = roster.filter((p) => isArts(p.staff.subject, params)).length;
  const artsNeeded = Math.max(0, t.arts - arts);
  const room = t.n - artsNeeded;
  if (roster.length > room) {
    // too many for the unit: the oldest non-arts, non-backbone, non-rotated leave (retire or transfer out)
    const removable = roster
      .filter((p) => !p.rotated && !isArts(p.staff.subject, params) && p.staff.backbone === 'none')
      .sort((a, b) => a.staff.birthYear - b.staff.birthYear);
    const drop = new Set(removable.slice(0, roster.length - room));
    roster = roster.filter((p) => !drop.has(p));
  }
  const hires = Math.max(0, t.n - roster.length);
  for (let i = 0; i < hires; i++) {
    const staff = ctx.roll.newStaff(u, i < artsNeeded, ctx.rng.chance(0.95), 2024, true, params);
    roster.push({ staff, unit: u.id, fullTime: true, rotated: false });
  }
  // never more arts teachers than the exact weak target
  if (t.artsExact) {
    let extra = roster.filter((p) => isArts(p.staff.subject, params)).length - t.arts;
    for (const p of roster) {
      if (extra <= 0) break;
      if (isArts(p.staff.subject, params) && !p.rotated) {
        p.staff.subject = ctx.roll.generalSubject(u, params);
        extra--;
      }
    }
  }
  ctx.roll.promote(roster, t, u, params);
  return roster;
}

/** 2024: everyone who stays, moved where rotation sends them, and every unit staffed to its new targets. */
function staff2024(ctx: Context, posts2023: readonly Post[], units: readonly Unit[]): Post[] {
  const params = ctx.policies[2024].indicators;
  const unitById = new Map(units.map((u) => [u.id, u]));
  // newly certified
  for (const p of posts2023) if (p.fullTime && !p.staff.certified) p.staff.certified = true;
  const leaving = leavers(ctx, posts2023);
  const moves = rotationMoves(ctx, posts2023, leaving, units);

  const rosters = new Map<string, Post[]>();
  const partTime: Post[] = [];
  for (const p of posts2023) {
    if (leaving.has(p)) continue;
    const dest = moves.get(p);
    const post: Post = { staff: p.staff, unit: dest ?? p.unit, fullTime: p.fullTime, rotated: dest !== undefined };
    if (!p.fullTime) {
      partTime.push(post);
      continue;
    }
    if (!unitById.has(post.unit)) continue; // the unit closed (not in this plan, but kept safe)
    const list = rosters.get(post.unit) ?? [];
    list.push(post);
    rosters.set(post.unit, list);
  }

  const posts: Post[] = [];
  for (const u of units) posts.push(...staffUnit2024(ctx, u, rosters.get(u.id) ?? [], params));
  // part-time: those who stayed, plus a few new ones
  posts.push(...partTime.filter((p) => unitById.has(p.unit)));
  addPartTimers(ctx, posts, units, 5, 2024);
  return posts;
}

/** The demo's teachers and their records of both years. */
export function buildTeachers(
  root: Rng,
  codeOf: ReadonlyMap<string, string>,
  pupilsOf: ReadonlyMap<string, Pupils>,
  classCountOf: ReadonlyMap<string, Pupils>,
  policies: DemoPolicies,
): { teachers: DemoTeacher[]; teacherYears: DemoTeacherYear[] } {
  const rng = root.fork('teachers');
  const ctx: Context = { root, rng, roll: new StaffRoll(rng), codeOf, policies };
  const records: DemoTeacherYear[] = [];

  const units2023 = unitsOf(2023, codeOf, pupilsOf, classCountOf);
  const posts2023 = staff2023(ctx, units2023);
  // a unit has no part-time teacher yet, so each of the 24 gets one
  addPartTimers(ctx, posts2023, units2023, 24, 2023);
  withoutCertificate2023(ctx, posts2023);
  rotated2023(ctx, posts2023);
  emit(ctx, records, 2023, posts2023, rng.fork('emit:2023'));

  const posts2024 = staff2024(ctx, posts2023, unitsOf(2024, codeOf, pupilsOf, classCountOf));
  emit(ctx, records, 2024, posts2024, rng.fork('emit:2024'));

  const teachers: DemoTeacher[] = ctx.roll.staff.map((s) => ({
    staffCode: s.staffCode,
    name: s.name,
    gender: s.gender,
    birthYear: s.birthYear,
  }));
  return { teachers, teacherYears: records };
}
