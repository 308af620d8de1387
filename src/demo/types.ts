// The demo county is exactly a `POST /v1/bulk` body: its row types are the API schema's, so the
// compiler holds the generator to the contract.
import type {
  ClassRowT,
  CountyFactsRowT,
  CountyRowT,
  SchoolRowT,
  SchoolYearRowT,
  TeacherRowT,
  TeacherYearRowT,
  TownRowT,
} from '../schemas/bulk.js';

export type DemoCounty = CountyRowT;
export type DemoTown = TownRowT;
export type DemoSchool = SchoolRowT;
export type DemoSchoolYear = SchoolYearRowT;
export type DemoClass = ClassRowT;
export type DemoTeacher = TeacherRowT;
export type DemoTeacherYear = TeacherYearRowT;
export type DemoCountyFacts = CountyFactsRowT;

export interface DemoBundle {
  counties: DemoCounty[];
  towns: DemoTown[];
  schools: DemoSchool[];
  schoolYears: DemoSchoolYear[];
  classes: DemoClass[];
  teachers: DemoTeacher[];
  teacherYears: DemoTeacherYear[];
  countyFacts: DemoCountyFacts[];
}
