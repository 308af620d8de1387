// B10 special rooms (docs/domain.md §5): ceil(compulsory classes / 12) music rooms of ≥ 96 m² and as many
// art rooms of ≥ 90 m², per school with compulsory classes (teaching points exempt), public or private:
// the public-only scope of §2 is for the B1–B7 assessment units only.

import { fromHundredths, gte, q, rat, ceil } from '../exact.js';
import type { IndicatorParams } from '../policies/indicator-params.js';
import type { SchoolInput } from './inputs.js';

export interface RoomCount {
  /** Rooms recorded. */
  rooms: number;
  /** Rooms whose area reaches the minimum. */
  counting: number;
  minAreaM2: number;
}

export interface SpecialRoomsResult {
  schoolCode: string;
  kind: SchoolInput['kind'];
  rule: string;
  compulsoryClasses: number;
  classesPerRoom: number;
  /** Required music rooms = required art rooms. */
  required: number;
  music: RoomCount | null;
  art: RoomCount | null;
  met: boolean | null;
  missing: string[];
  explanation: string;
}

/** Compulsory classes of a school: primary + junior classes (senior and preschool classes do not count). */
export function compulsoryClasses(school: Pick<SchoolInput, 'stages'>): number {
  return (school.stages.primary?.classes ?? 0) + (school.stages.junior?.classes ?? 0);
}

/** ceil(classes / classesPerRoom): 12 classes → 1 room, 13 → 2. */
export function requiredSpecialRooms(classes: number, classesPerRoom: number): number {
  return Number(ceil(rat(classes, classesPerRoom)));
}

/** Rooms whose area (2 decimals, compared exactly) is at least the minimum: 95.99 m² does not reach 96. */
export function countingRooms(areasM2: readonly number[], minAreaM2: number): number {
  const min = q(minAreaM2);
  return areasM2.filter((a) => gte(fromHundredths(a), min)).length;
}

/**
 * B10 for one school; null when the rule does not apply (an exempt kind, or no compulsory classes).
 */
export function assessSpecialRooms(school: SchoolInput, params: IndicatorParams): SpecialRoomsResult | null {
  const p = params.specialRooms;
  if (p.exemptKinds.includes(school.kind)) return null;
  const classes = compulsoryClasses(school);
  if (classes <= 0) return null;
  const required = requiredSpecialRooms(classes, p.classesPerRoom);
  const base = {
    schoolCode: school.schoolCode,
    kind: school.kind,
    rule: 'docs/domain.md §5.2 B10',
    compulsoryClasses: classes,
    classesPerRoom: p.classesPerRoom,
    required,
  };
  if (school.facilities === null) {
    return {
      ...base,
      music: null,
      art: null,
      met: null,
      missing: [`facilities of ${school.schoolCode}`],
      explanation: `B10 ${school.schoolCode}: needs ${required} music and art rooms; facilities not given`,
    };
  }
  const music: RoomCount = {
    rooms: school.facilities.musicRoomAreasM2.length,
    counting: countingRooms(school.facilities.musicRoomAreasM2, p.musicRoomMinAreaM2),
    minAreaM2: p.musicRoomMinAreaM2,
  };
  const art: RoomCount = {
    rooms: school.facilities.artRoomAreasM2.length,
    counting: countingRooms(school.facilities.artRoomAreasM2, p.artRoomMinAreaM2),
    minAreaM2: p.artRoomMinAreaM2,
  };
  const met = music.counting >= required && art.counting >= required;
  return {
    ...base,
    music,
    art,
    met,
    missing: [],
    explanation:
      `B10 ${school.schoolCode}: ${classes} compulsory classes → ${required} of each room (1 per ${p.classesPerRoom} classes); ` +
      `music rooms ≥ ${p.musicRoomMinAreaM2} m²: ${music.counting} of ${music.rooms}, art rooms ≥ ${p.artRoomMinAreaM2} m²: ${art.counting} of ${art.rooms}` +
      (met ? ': met' : ': not met'),
  };
}

export interface CountySpecialRooms {
  schools: SpecialRoomsResult[];
  notMet: string[];
  met: boolean | null;
  missing: string[];
}

/** B10 for a county: met only when every school it applies to meets it. */
export function assessSpecialRoomsCounty(schools: readonly SchoolInput[], params: IndicatorParams): CountySpecialRooms {
  const results = schools.map((s) => assessSpecialRooms(s, params)).filter((r): r is SpecialRoomsResult => r !== null);
  const notMet = results.filter((r) => r.met === false).map((r) => r.schoolCode);
  const missing = results.flatMap((r) => r.missing);
  const met = notMet.length > 0 ? false : missing.length > 0 ? null : results.length > 0 ? true : null;
  return { schools: results, notMet, met, missing: results.length === 0 ? ['schools with compulsory classes'] : missing };
}
