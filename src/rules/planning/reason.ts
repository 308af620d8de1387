// Why the plan asks for an action, as figures rather than text: every step of the planner states its
// reason as one of these, and two pure renderers write it out, in English (reason-en.ts, the `reason` of
// the API) and in Chinese (reason-zh.ts, `reasonZh`). The figures are kept as the text shows them
// (values rounded to 4 decimals, policy figures as the policy states them), so both languages show
// the same numbers.

import { fromDecimal, mul, toNumber, type Rational } from '../exact.js';
import type { ResourceIndicatorId } from '../indicators/resource.js';
import type { CompulsoryStage, EducationLevel, SchoolKind } from '../vocabulary.js';
import type { FacilityIndicator } from './needs.js';

export type ArtsPeSubject = 'pe' | 'music' | 'art';

/** What an option asks of a unit on one indicator: its standard, or the floor (floorShare × standard). */
export type UnitTarget = { to: 'standard'; standard: number } | { to: 'floor'; floorShare: number; floor: number };

/** Where a B1–B7 unit stands on one indicator and what its option asks: the figure an action answers. */
export interface UnitFigure {
  indicator: ResourceIndicatorId;
  stage: CompulsoryStage;
  unitId: string;
  /** The unit's value now, 4 decimals; null when it is not defined. */
  value: number | null;
  target: UnitTarget;
}

/** B11: students above a school's cap, relocated from one stage. */
export interface SchoolSizeReason {
  kind: 'school_size';
  schoolCode: string;
  schoolKind: SchoolKind;
  compulsoryStudents: number;
  cap: number;
  stage: CompulsoryStage;
  moved: number;
}

/** B12: a grade (or the classes without a grade) with a class above the limit, re-divided. */
export interface ClassSizeReason {
  kind: 'class_size';
  schoolCode: string;
  stage: CompulsoryStage;
  grade: number | null;
  students: number;
  classes: number;
  largest: number;
  limit: number;
  /** ceil(students / limit) */
  needed: number;
  /** New classes (0: the students are only re-divided). */
  added: number;
}

/** B10: music or art rooms of the minimum area a school still needs. */
export interface SpecialRoomsReason {
  kind: 'special_rooms';
  schoolCode: string;
  room: 'music' | 'art';
  compulsoryClasses: number;
  required: number;
  minAreaM2: number;
  classesPerRoom: number;
  /** Rooms of at least the minimum area, of `rooms` recorded. */
  counting: number;
  rooms: number;
  added: number;
}

/** B4–B7: the school-level addition that brings every unit it serves to its option's target. */
export interface UnitFacilityReason {
  kind: 'unit_facility';
  indicator: FacilityIndicator;
  /** The units served, with the share of the school's facilities each takes (null: all of them). */
  units: { figure: UnitFigure; share: Rational | null }[];
}

/** B3 (and B1): PE, music or art hires of one subject. */
export interface ArtsPeHireReason {
  kind: 'arts_pe_hire';
  figure: UnitFigure;
  /** All B3 hires of the unit; `count` of them are of `subject`. */
  hires: number;
  subject: ArtsPeSubject;
  count: number;
  education: EducationLevel;
}

/** Hires of no B3 subject: for B1, or for B2 when the unit has too few teachers to designate. */
export interface UnitHireReason {
  kind: 'unit_hire';
  qualified: { figure: UnitFigure; hires: number; education: EducationLevel } | null;
  backbone: { designations: number; nonBackbone: number } | null;
  /** B3 hires of the unit that count towards the same need (0: none). */
  artsPeHires: number;
}

/** B2: full-time teachers made backbone. */
export interface DesignationReason {
  kind: 'designation';
  figure: UnitFigure;
  count: number;
}

/** A cv above its limit: the unit raised to the common level of the dispersion step. */
export interface DispersionReason {
  kind: 'dispersion';
  stage: CompulsoryStage;
  indicator: ResourceIndicatorId;
  cvMax: number;
  /** The common level, 4 decimals. */
  level: number;
  unitId: string;
  /** The unit's value before the step, 4 decimals. */
  from: number;
  /** B2: the unit's non-backbone teachers fall short, so teachers are hired to be designated. */
  hiredForBackbone: { nonBackbone: number; hired: number } | null;
  /** The unit's share of the school's facilities (null: all of them, or not a facility). */
  share: Rational | null;
}

export type PlanReason =
  | SchoolSizeReason
  | ClassSizeReason
  | SpecialRoomsReason
  | UnitFacilityReason
  | ArtsPeHireReason
  | UnitHireReason
  | DesignationReason
  | DispersionReason;

export type PlanReasonKind = PlanReason['kind'];

/** A figure as both languages write it: as the number prints, an em dash for none. */
export const figure = (x: number | bigint | null): string => (x === null ? '—' : String(x));

/** A share of the school's facilities: n/d. */
export const fraction = (r: Rational): string => `${r.n}/${r.d}`;

/** A policy share (0.85) as a percentage (85), exactly: 0.57 is 57, not 56.99999999999999. */
export const percentOf = (share: number): number => toNumber(mul(fromDecimal(share), 100), 6);

/** The share to state for a unit: null when the unit takes all of the school's facilities. */
export const partialShare = (share: Rational): Rational | null => (share.n === share.d ? null : share);
