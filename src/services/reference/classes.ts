import { classes } from '../../db/schema/index.js';
import type { ClassRowT } from '../../schemas/bulk.js';
import { GRADES_BY_STAGE, STAGES_BY_KIND } from '../../rules/vocabulary.js';
import { issue, withoutNulls, type Collection, type ItemIssue } from './collection.js';
import { schoolFacts } from './lookups.js';
import { schoolCounties } from './schools.js';

export const classCollection: Collection<ClassRowT> = {
  name: 'classes',
  entity: 'class',
  spec: { table: classes, keys: ['schoolCode', 'year', 'classCode'] },
  keyFields: ['schoolCode', 'year', 'classCode'],
  references: [{ field: 'schoolCode', collection: 'schools' }],
  toRow: (c) => ({
    schoolCode: c.schoolCode,
    year: c.year,
    classCode: c.classCode,
    stage: c.stage,
    grade: c.grade ?? null,
    students: c.students,
  }),
  fromRow: ({ createdAt: _c, updatedAt: _u, ...rest }) => withoutNulls(rest),
  async validate(db, items) {
    const known = await schoolFacts(db, items.map((c) => c.schoolCode));
    const issues: ItemIssue[] = [];
    items.forEach((c, i) => {
      const school = known.get(c.schoolCode);
      if (!school) {
        issues.push(issue(i, '/schoolCode', `school ${c.schoolCode} does not exist`));
        return;
      }
      const allowed = STAGES_BY_KIND[school.kind];
      if (!allowed.includes(c.stage))
        issues.push(issue(i, '/stage', `a ${school.kind} school has no ${c.stage} classes (it teaches ${allowed.join(', ')})`));
      if (c.grade !== undefined) {
        const [lo, hi] = GRADES_BY_STAGE[c.stage];
        if (c.grade < lo || c.grade > hi) issues.push(issue(i, '/grade', `grade ${c.grade} is not a ${c.stage} grade (${lo}–${hi})`));
      }
    });
    return issues;
  },
  counties: (db, rows) => schoolCounties(db, rows),
};
