import { teachers, teacherYears } from '../../db/schema/index.js';
import type { TeacherRowT, TeacherYearRowT } from '../../schemas/bulk.js';
import { STAGES_BY_KIND } from '../../rules/vocabulary.js';
import { issue, withoutNulls, type Collection, type ItemIssue } from './collection.js';
import { existingTeachers, schoolFacts } from './lookups.js';
import { schoolCounties } from './schools.js';

export const teacherCollection: Collection<TeacherRowT> = {
  name: 'teachers',
  entity: 'teacher',
  spec: { table: teachers, keys: ['staffCode'] },
  keyFields: ['staffCode'],
  toRow: (t) => ({ staffCode: t.staffCode, name: t.name, gender: t.gender ?? null, birthYear: t.birthYear ?? null }),
  fromRow: (r) => withoutNulls(r),
  validate: async () => [],
  // A teacher belongs to no county by itself; a teacher-year does, through its school.
  counties: async (_db, rows) => rows.map(() => null),
};

export const teacherYearCollection: Collection<TeacherYearRowT> = {
  name: 'teacherYears',
  entity: 'teacher-year',
  spec: { table: teacherYears, keys: ['staffCode', 'year'] },
  keyFields: ['staffCode', 'year'],
  references: [
    { field: 'staffCode', collection: 'teachers' },
    { field: 'schoolCode', collection: 'schools' },
  ],
  toRow: (t) => ({
    staffCode: t.staffCode,
    year: t.year,
    schoolCode: t.schoolCode,
    stage: t.stage,
    fullTime: t.fullTime,
    education: t.education,
    certified: t.certified,
    backboneLevel: t.backboneLevel,
    subject: t.subject,
    trainingHours: t.trainingHours,
    rotated: t.rotated,
    rotationEligible: t.rotationEligible ?? null,
  }),
  fromRow: (r) => withoutNulls(r),
  async validate(db, items) {
    // One query at a time: `db` is a transaction's single connection during a write.
    const staff = await existingTeachers(db, items.map((t) => t.staffCode));
    const known = await schoolFacts(db, items.map((t) => t.schoolCode));
    const issues: ItemIssue[] = [];
    items.forEach((t, i) => {
      if (!staff.has(t.staffCode)) issues.push(issue(i, '/staffCode', `teacher ${t.staffCode} does not exist`));
      const school = known.get(t.schoolCode);
      if (!school) issues.push(issue(i, '/schoolCode', `school ${t.schoolCode} does not exist`));
      else if (!STAGES_BY_KIND[school.kind].includes(t.stage))
        issues.push(
          issue(i, '/stage', `a ${t.stage} teacher cannot teach at ${t.schoolCode}, a ${school.kind} school (it teaches ${STAGES_BY_KIND[school.kind].join(', ')})`),
        );
    });
    return issues;
  },
  counties: (db, rows) => schoolCounties(db, rows),
};
