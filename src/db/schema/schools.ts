import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  check,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
} from 'drizzle-orm/pg-core';
import { area, count, fen, timestamps, yearCheck } from './columns.js';
import { areaTypeEnum, ownershipEnum, schoolKindEnum, stageEnum } from './enums.js';
import { counties, towns } from './geography.js';

export const schools = pgTable(
  'schools',
  {
    schoolCode: text('school_code').primaryKey(),
    name: text('name').notNull(),
    countyCode: text('county_code')
      .notNull()
      .references(() => counties.countyCode),
    townCode: text('town_code').references(() => towns.townCode),
    kind: schoolKindEnum('kind').notNull(),
    areaType: areaTypeEnum('area_type').notNull(),
    ownership: ownershipEnum('ownership').notNull(),
    boarding: boolean('boarding').notNull(),
    centralSchoolCode: text('central_school_code').references((): AnyPgColumn => schools.schoolCode),
    ...timestamps,
  },
  (t) => [
    check('schools_code_format', sql`${t.schoolCode} ~ '^[0-9]{10}$'`),
    check('schools_name_nonblank', sql`length(btrim(${t.name})) > 0`),
    check('schools_town_in_county', sql`${t.townCode} IS NULL OR left(${t.townCode}, 6) = ${t.countyCode}`),
    check(
      'schools_central_only_for_teaching_points',
      sql`${t.centralSchoolCode} IS NULL OR (${t.kind} = 'teaching_point' AND ${t.centralSchoolCode} <> ${t.schoolCode})`,
    ),
    index('schools_county_kind_idx').on(t.countyCode, t.kind),
    index('schools_town_idx').on(t.townCode),
    index('schools_central_idx').on(t.centralSchoolCode),
  ],
);

export const schoolYears = pgTable(
  'school_years',
  {
    schoolCode: text('school_code')
      .notNull()
      .references(() => schools.schoolCode),
    year: integer('year').notNull(),
    teachingAreaM2: area('teaching_area_m2').notNull(),
    indoorSportsAreaM2: area('indoor_sports_area_m2'),
    sportsAreaM2: area('sports_area_m2').notNull(),
    equipmentValueFen: fen('equipment_value_fen').notNull(),
    multimediaClassrooms: count('multimedia_classrooms').notNull(),
    musicRoomAreasM2: area('music_room_areas_m2').array().notNull(),
    artRoomAreasM2: area('art_room_areas_m2').array().notNull(),
    boarders: count('boarders').notNull(),
    inclusionStudents: count('inclusion_students').notNull(),
    migrantChildren: count('migrant_children'),
    leftBehindChildren: count('left_behind_children'),
    designedSeats: count('designed_seats'),
    publicFundingAllocatedFen: fen('public_funding_allocated_fen'),
    trainingSpendFen: fen('training_spend_fen'),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.schoolCode, t.year] }),
    check('school_years_year', yearCheck('year')),
    check(
      'school_years_nonnegative',
      sql`${t.teachingAreaM2} >= 0 AND ${t.sportsAreaM2} >= 0 AND ${t.equipmentValueFen} >= 0
        AND ${t.multimediaClassrooms} >= 0 AND ${t.boarders} >= 0 AND ${t.inclusionStudents} >= 0
        AND coalesce(${t.indoorSportsAreaM2}, 0) >= 0 AND coalesce(${t.migrantChildren}, 0) >= 0
        AND coalesce(${t.leftBehindChildren}, 0) >= 0 AND coalesce(${t.designedSeats}, 0) >= 0
        AND coalesce(${t.publicFundingAllocatedFen}, 0) >= 0 AND coalesce(${t.trainingSpendFen}, 0) >= 0`,
    ),
    check(
      'school_years_room_areas_positive',
      sql`0 < ALL(${t.musicRoomAreasM2}) AND 0 < ALL(${t.artRoomAreasM2})
        AND array_position(${t.musicRoomAreasM2}, NULL) IS NULL AND array_position(${t.artRoomAreasM2}, NULL) IS NULL`,
    ),
    index('school_years_year_idx').on(t.year),
  ],
);

export const classes = pgTable(
  'classes',
  {
    schoolCode: text('school_code').notNull(),
    year: integer('year').notNull(),
    classCode: text('class_code').notNull(),
    stage: stageEnum('stage').notNull(),
    grade: smallint('grade'),
    students: count('students').notNull(),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.schoolCode, t.year, t.classCode] }),
    foreignKey({ columns: [t.schoolCode], foreignColumns: [schools.schoolCode], name: 'classes_school_fk' }),
    check('classes_year', yearCheck('year')),
    check('classes_students', sql`${t.students} >= 0 AND ${t.students} <= 200`),
    check('classes_code_format', sql`${t.classCode} ~ '^[A-Za-z0-9._-]{1,32}$'`),
    // Grades by stage (docs/domain.md §1): preschool 1–3, primary 1–6, junior 7–9, senior 10–12.
    check(
      'classes_grade_in_stage',
      sql`${t.grade} IS NULL OR (${t.stage} = 'preschool' AND ${t.grade} BETWEEN 1 AND 3)
        OR (${t.stage} = 'primary' AND ${t.grade} BETWEEN 1 AND 6)
        OR (${t.stage} = 'junior' AND ${t.grade} BETWEEN 7 AND 9)
        OR (${t.stage} = 'senior' AND ${t.grade} BETWEEN 10 AND 12)`,
    ),
    index('classes_year_school_idx').on(t.year, t.schoolCode),
  ],
);
