import type { BulkCollection } from '../../schemas/bulk.js';
import type { Collection } from './collection.js';
import { classCollection } from './classes.js';
import { countyCollection } from './counties.js';
import { countyFactsCollection } from './county-facts.js';
import { schoolYearCollection } from './school-years.js';
import { schoolCollection } from './schools.js';
import { teacherCollection, teacherYearCollection } from './teachers.js';
import { townCollection } from './towns.js';

export {
  classCollection,
  countyCollection,
  countyFactsCollection,
  schoolCollection,
  schoolYearCollection,
  teacherCollection,
  teacherYearCollection,
  townCollection,
};

/** Every collection of the bulk load, in the order they are written (references point backwards). */
export const COLLECTIONS: Record<BulkCollection, Collection<never>> = {
  counties: countyCollection as Collection<never>,
  towns: townCollection as Collection<never>,
  schools: schoolCollection as Collection<never>,
  schoolYears: schoolYearCollection as Collection<never>,
  classes: classCollection as Collection<never>,
  teachers: teacherCollection as Collection<never>,
  teacherYears: teacherYearCollection as Collection<never>,
  countyFacts: countyFactsCollection as Collection<never>,
};
