// The recorded inputs of a school or a county per year, summed in the database (docs/architecture.md:
// counts and sums per school-year, never every row into JavaScript): classes and students per stage,
// the school-year records' areas, equipment, rooms, boarders and declared money, and teacher-year counts.
// The years endpoint lists the same aggregates, so "a year holding data" means the same everywhere.

import { sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../db/connection.js';
import { fenToYuan } from '../money.js';

/** Whose records: one school, or every school of a county. */
export type Scope = { schoolCode: string } | { countyCode: string };

export interface YearFigures {
  year: number;
  /** Schools with a school-year record, classes or teacher-years that year. */
  schools: number;
  schoolYears: number;
  classes: number;
  /** Named input figures; null where nothing was recorded (no school-year record, an optional field never declared). */
  figures: Record<string, number | null>;
}

interface Row extends Record<string, unknown> {
  year: number;
  schools: number;
  school_years: number;
  classes: number;
  classes_primary: number;
  classes_junior: number;
  students_preschool: number;
  students_primary: number;
  students_junior: number;
  students_senior: number;
  teacher_years: number;
  teachers_full_time: number;
  teachers_certified: number;
  teachers_backbone: number;
  teaching_area: string | null;
  indoor_sports_area: string | null;
  sports_area: string | null;
  equipment_fen: string | null;
  multimedia: number | null;
  music_rooms: number | null;
  art_rooms: number | null;
  boarders: number | null;
  inclusion: number | null;
  migrant: number | null;
  left_behind: number | null;
  designed_seats: number | null;
  allocated_fen: string | null;
  training_fen: string | null;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const yuan = (fen: unknown): number | null => (fen === null || fen === undefined ? null : fenToYuan(Number(fen)));

/**
 * The figures of every year that holds a record of the scope (or only of `years`), oldest first. Sums of
 * areas are numeric in the database and read as text, so they stay exact to the hundredth of a m².
 */
export async function loadYearFigures(db: Queryable, scope: Scope, years?: readonly number[]): Promise<YearFigures[]> {
  const schoolsOf: SQL =
    'schoolCode' in scope
      ? sql`SELECT ${scope.schoolCode}::text AS school_code`
      : sql`SELECT school_code FROM schools WHERE county_code = ${scope.countyCode}`;
  const yearFilter = (column: SQL): SQL =>
    years === undefined ? sql`true` : sql`${column} IN (${sql.join(years.map((y) => sql`${y}::int`), sql`, `)})`;
  const { rows } = await db.execute<Row>(sql`
    WITH sc AS (${schoolsOf}),
    cls AS (
      SELECT c.year, count(*)::int AS classes,
             (count(*) FILTER (WHERE c.stage = 'primary'))::int AS classes_primary,
             (count(*) FILTER (WHERE c.stage = 'junior'))::int AS classes_junior,
             coalesce(sum(c.students) FILTER (WHERE c.stage = 'preschool'), 0)::int AS students_preschool,
             coalesce(sum(c.students) FILTER (WHERE c.stage = 'primary'), 0)::int AS students_primary,
             coalesce(sum(c.students) FILTER (WHERE c.stage = 'junior'), 0)::int AS students_junior,
             coalesce(sum(c.students) FILTER (WHERE c.stage = 'senior'), 0)::int AS students_senior
        FROM classes c WHERE c.school_code IN (SELECT school_code FROM sc) AND ${yearFilter(sql`c.year`)}
       GROUP BY c.year),
    sy AS (
      SELECT y.year, count(*)::int AS school_years,
             sum(y.teaching_area_m2)::text AS teaching_area,
             sum(y.indoor_sports_area_m2)::text AS indoor_sports_area,
             sum(y.sports_area_m2)::text AS sports_area,
             sum(y.equipment_value_fen)::text AS equipment_fen,
             sum(y.multimedia_classrooms)::int AS multimedia,
             sum(cardinality(y.music_room_areas_m2))::int AS music_rooms,
             sum(cardinality(y.art_room_areas_m2))::int AS art_rooms,
             sum(y.boarders)::int AS boarders,
             sum(y.inclusion_students)::int AS inclusion,
             sum(y.migrant_children)::int AS migrant,
             sum(y.left_behind_children)::int AS left_behind,
             sum(y.designed_seats)::int AS designed_seats,
             sum(y.public_funding_allocated_fen)::text AS allocated_fen,
             sum(y.training_spend_fen)::text AS training_fen
        FROM school_years y WHERE y.school_code IN (SELECT school_code FROM sc) AND ${yearFilter(sql`y.year`)}
       GROUP BY y.year),
    ty AS (
      SELECT t.year, count(*)::int AS teacher_years,
             (count(*) FILTER (WHERE t.full_time))::int AS teachers_full_time,
             (count(*) FILTER (WHERE t.full_time AND t.certified))::int AS teachers_certified,
             (count(*) FILTER (WHERE t.full_time AND t.backbone_level <> 'none'))::int AS teachers_backbone
        FROM teacher_years t WHERE t.school_code IN (SELECT school_code FROM sc) AND ${yearFilter(sql`t.year`)}
       GROUP BY t.year),
    present AS (
      SELECT year, count(DISTINCT school_code)::int AS schools FROM (
        SELECT year, school_code FROM classes WHERE school_code IN (SELECT school_code FROM sc) AND ${yearFilter(sql`year`)}
        UNION SELECT year, school_code FROM school_years WHERE school_code IN (SELECT school_code FROM sc) AND ${yearFilter(sql`year`)}
        UNION SELECT year, school_code FROM teacher_years WHERE school_code IN (SELECT school_code FROM sc) AND ${yearFilter(sql`year`)}
      ) p GROUP BY year)
    SELECT p.year, p.schools,
           coalesce(sy.school_years, 0)::int AS school_years,
           coalesce(cls.classes, 0)::int AS classes,
           coalesce(cls.classes_primary, 0)::int AS classes_primary,
           coalesce(cls.classes_junior, 0)::int AS classes_junior,
           coalesce(cls.students_preschool, 0)::int AS students_preschool,
           coalesce(cls.students_primary, 0)::int AS students_primary,
           coalesce(cls.students_junior, 0)::int AS students_junior,
           coalesce(cls.students_senior, 0)::int AS students_senior,
           coalesce(ty.teacher_years, 0)::int AS teacher_years,
           coalesce(ty.teachers_full_time, 0)::int AS teachers_full_time,
           coalesce(ty.teachers_certified, 0)::int AS teachers_certified,
           coalesce(ty.teachers_backbone, 0)::int AS teachers_backbone,
           sy.teaching_area, sy.indoor_sports_area, sy.sports_area, sy.equipment_fen, sy.multimedia,
           sy.music_rooms, sy.art_rooms, sy.boarders, sy.inclusion, sy.migrant, sy.left_behind,
           sy.designed_seats, sy.allocated_fen, sy.training_fen
      FROM present p
      LEFT JOIN cls ON cls.year = p.year
      LEFT JOIN sy ON sy.year = p.year
      LEFT JOIN ty ON ty.year = p.year
     ORDER BY p.year`);
  return rows.map((r) => ({
    year: Number(r.year),
    schools: Number(r.schools),
    schoolYears: Number(r.school_years),
    classes: Number(r.classes),
    figures: {
      classes: Number(r.classes),
      'classes.primary': Number(r.classes_primary),
      'classes.junior': Number(r.classes_junior),
      'students.preschool': Number(r.students_preschool),
      'students.primary': Number(r.students_primary),
      'students.junior': Number(r.students_junior),
      'students.senior': Number(r.students_senior),
      teacherYears: Number(r.teacher_years),
      'teachers.fullTime': Number(r.teachers_full_time),
      'teachers.fullTimeCertified': Number(r.teachers_certified),
      'teachers.fullTimeBackbone': Number(r.teachers_backbone),
      teachingAreaM2: num(r.teaching_area),
      indoorSportsAreaM2: num(r.indoor_sports_area),
      sportsAreaM2: num(r.sports_area),
      equipmentValueYuan: yuan(r.equipment_fen),
      multimediaClassrooms: num(r.multimedia),
      musicRooms: num(r.music_rooms),
      artRooms: num(r.art_rooms),
      boarders: num(r.boarders),
      inclusionStudents: num(r.inclusion),
      migrantChildren: num(r.migrant),
      leftBehindChildren: num(r.left_behind),
      designedSeats: num(r.designed_seats),
      publicFundingAllocatedYuan: yuan(r.allocated_fen),
      trainingSpendYuan: yuan(r.training_fen),
    },
  }));
}
