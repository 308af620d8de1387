import { schoolYears } from '../../db/schema/index.js';
import type { SchoolYearRowT } from '../../schemas/bulk.js';
import { optionalFen, optionalYuan, yuanToFen, fenToYuan } from '../money.js';
import { issue, withoutNulls, type Collection, type ItemIssue } from './collection.js';
import { schoolFacts } from './lookups.js';
import { schoolCounties } from './schools.js';

export const schoolYearCollection: Collection<SchoolYearRowT> = {
  name: 'schoolYears',
  entity: 'school-year',
  spec: { table: schoolYears, keys: ['schoolCode', 'year'] },
  keyFields: ['schoolCode', 'year'],
  references: [{ field: 'schoolCode', collection: 'schools' }],
  toRow: (y) => ({
    schoolCode: y.schoolCode,
    year: y.year,
    teachingAreaM2: y.teachingAreaM2,
    indoorSportsAreaM2: y.indoorSportsAreaM2 ?? null,
    sportsAreaM2: y.sportsAreaM2,
    equipmentValueFen: yuanToFen(y.equipmentValueYuan),
    multimediaClassrooms: y.multimediaClassrooms,
    musicRoomAreasM2: y.musicRoomAreasM2,
    artRoomAreasM2: y.artRoomAreasM2,
    boarders: y.boarders,
    inclusionStudents: y.inclusionStudents,
    migrantChildren: y.migrantChildren ?? null,
    leftBehindChildren: y.leftBehindChildren ?? null,
    designedSeats: y.designedSeats ?? null,
    publicFundingAllocatedFen: optionalFen(y.publicFundingAllocatedYuan),
    trainingSpendFen: optionalFen(y.trainingSpendYuan),
  }),
  fromRow: ({ equipmentValueFen, publicFundingAllocatedFen, trainingSpendFen, ...rest }) =>
    withoutNulls({
      ...rest,
      musicRoomAreasM2: (rest.musicRoomAreasM2 as unknown[]).map(Number),
      artRoomAreasM2: (rest.artRoomAreasM2 as unknown[]).map(Number),
      equipmentValueYuan: fenToYuan(Number(equipmentValueFen)),
      publicFundingAllocatedYuan: optionalYuan(publicFundingAllocatedFen),
      trainingSpendYuan: optionalYuan(trainingSpendFen),
    }),
  async validate(db, items) {
    const known = await schoolFacts(db, items.map((y) => y.schoolCode));
    const issues: ItemIssue[] = [];
    items.forEach((y, i) => {
      const school = known.get(y.schoolCode);
      if (!school) {
        issues.push(issue(i, '/schoolCode', `school ${y.schoolCode} does not exist`));
        return;
      }
      if (y.boarders > 0 && !school.boarding)
        issues.push(issue(i, '/boarders', `school ${y.schoolCode} is not a boarding school, so it cannot have ${y.boarders} boarders`));
      if (y.indoorSportsAreaM2 !== undefined && y.indoorSportsAreaM2 > y.sportsAreaM2)
        issues.push(issue(i, '/indoorSportsAreaM2', `indoor sports area ${y.indoorSportsAreaM2} exceeds the sports area ${y.sportsAreaM2} it is part of`));
      if (school.kind === 'kindergarten' && y.inclusionStudents > 0)
        issues.push(issue(i, '/inclusionStudents', 'inclusion students (随班就读) are counted in compulsory schools, not kindergartens'));
    });
    return issues;
  },
  counties: (db, rows) => schoolCounties(db, rows),
};
