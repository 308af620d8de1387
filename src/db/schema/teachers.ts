import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, primaryKey, smallint, text } from 'drizzle-orm/pg-core';
import { timestamps, yearCheck } from './columns.js';
import { backboneEnum, educationEnum, genderEnum, stageEnum } from './enums.js';
import { schools } from './schools.js';

export const teachers = pgTable(
  'teachers',
  {
    staffCode: text('staff_code').primaryKey(),
    name: text('name').notNull(),
    gender: genderEnum('gender'),
    birthYear: smallint('birth_year'),
    ...timestamps,
  },
  (t) => [
    check('teachers_code_format', sql`${t.staffCode} ~ '^[A-Za-z0-9._-]{1,32}$'`),
    check('teachers_name_nonblank', sql`length(btrim(${t.name})) > 0`),
    check('teachers_birth_year', sql`${t.birthYear} IS NULL OR ${t.birthYear} BETWEEN 1930 AND 2015`),
  ],
);

export const teacherYears = pgTable(
  'teacher_years',
  {
    staffCode: text('staff_code')
      .notNull()
      .references(() => teachers.staffCode),
    year: integer('year').notNull(),
    schoolCode: text('school_code')
      .notNull()
      .references(() => schools.schoolCode),
    stage: stageEnum('stage').notNull(),
    fullTime: boolean('full_time').notNull(),
    education: educationEnum('education').notNull(),
    certified: boolean('certified').notNull(),
    backboneLevel: backboneEnum('backbone_level').notNull(),
    subject: text('subject').notNull(),
    trainingHours: integer('training_hours').notNull(),
    rotated: boolean('rotated').notNull(),
    rotationEligible: boolean('rotation_eligible'),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.staffCode, t.year] }),
    check('teacher_years_year', yearCheck('year')),
    check('teacher_years_subject_code', sql`${t.subject} ~ '^[a-z][a-z0-9_]{0,31}$'`),
    check('teacher_years_training_hours', sql`${t.trainingHours} BETWEEN 0 AND 2000`),
    index('teacher_years_school_year_idx').on(t.schoolCode, t.year),
    index('teacher_years_year_idx').on(t.year),
  ],
);
