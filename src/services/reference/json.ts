// Stored reference rows → API answers, where an answer is typed by its schema rather than by the
// collection's generic mapping (`Collection.fromRow`).

import type { Static } from 'typebox';
import type { classes } from '../../db/schema/index.js';
import type { Class } from '../../schemas/reference.js';

/** A class as GET answers it: a grade left unset is absent, like every other unset member. */
export const classJson = (r: typeof classes.$inferSelect): Static<typeof Class> => ({
  schoolCode: r.schoolCode,
  year: r.year,
  classCode: r.classCode,
  stage: r.stage,
  ...(r.grade !== null ? { grade: r.grade } : {}),
  students: r.students,
});
