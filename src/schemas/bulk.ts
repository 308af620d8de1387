import { Type, type Static } from 'typebox';
import { CountyCode, LocalCode, SchoolCode, Strict, Timestamp, TownCode, Year } from './common.js';
import { CountyFactsBody } from './county-facts.js';
import {
  ClassBody,
  CountyBody,
  SchoolBody,
  SchoolYearBody,
  TeacherBody,
  TeacherYearBody,
  TownBody,
} from './reference.js';

const MAX_ROWS = 100_000;
const rows = <T extends Parameters<typeof Type.Array>[0]>(item: T) => Type.Optional(Type.Array(item, { maxItems: MAX_ROWS }));

/** Items of a list answer may be loaded back as they are: their timestamps are read-only and ignored. */
const readOnly = Type.Optional(Type.With(Timestamp, { readOnly: true, description: 'read-only: accepted so list items can be sent back, and ignored' }));
const Stamps = { createdAt: readOnly, updatedAt: readOnly };
export const READ_ONLY_ROW_FIELDS = Object.keys(Stamps);

export const CountyRow = Strict({ countyCode: CountyCode, ...CountyBody.properties, ...Stamps });
export const TownRow = Strict({ townCode: TownCode, ...TownBody.properties, ...Stamps });
export const SchoolRow = Strict({ schoolCode: SchoolCode, ...SchoolBody.properties, ...Stamps });
export const SchoolYearRow = Strict({ schoolCode: SchoolCode, year: Year, ...SchoolYearBody.properties, ...Stamps });
export const ClassRow = Strict({ schoolCode: SchoolCode, year: Year, ...ClassBody.properties });
export const TeacherRow = Strict({ staffCode: LocalCode, ...TeacherBody.properties, ...Stamps });
export const TeacherYearRow = Strict({ staffCode: LocalCode, year: Year, ...TeacherYearBody.properties, ...Stamps });
export const CountyFactsRow = Strict({ countyCode: CountyCode, year: Year, ...CountyFactsBody.properties, ...Stamps });

export type CountyRowT = Static<typeof CountyRow>;
export type TownRowT = Static<typeof TownRow>;
export type SchoolRowT = Static<typeof SchoolRow>;
export type SchoolYearRowT = Static<typeof SchoolYearRow>;
export type ClassRowT = Static<typeof ClassRow>;
export type TeacherRowT = Static<typeof TeacherRow>;
export type TeacherYearRowT = Static<typeof TeacherYearRow>;
export type CountyFactsRowT = Static<typeof CountyFactsRow>;

/** Each collection's rows are the single-record bodies plus their natural keys. */
export const BulkBody = Strict({
  counties: rows(CountyRow),
  towns: rows(TownRow),
  schools: rows(SchoolRow),
  schoolYears: rows(SchoolYearRow),
  classes: rows(ClassRow),
  teachers: rows(TeacherRow),
  teacherYears: rows(TeacherYearRow),
  countyFacts: rows(CountyFactsRow),
});
export type BulkBodyT = Static<typeof BulkBody>;

export const BULK_COLLECTIONS = [
  'counties',
  'towns',
  'schools',
  'schoolYears',
  'classes',
  'teachers',
  'teacherYears',
  'countyFacts',
] as const;
export type BulkCollection = (typeof BULK_COLLECTIONS)[number];

export const BulkQuery = Strict({ dryRun: Type.Optional(Type.Boolean({ default: false })) });

const CollectionSummary = Type.Object({
  created: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  errors: Type.Array(Type.Object({ pointer: Type.String(), message: Type.String() })),
});

export const CollectionSummaries = Object.fromEntries(
  BULK_COLLECTIONS.map((c) => [c, Type.Optional(CollectionSummary)]),
) as Record<BulkCollection, Type.TOptional<typeof CollectionSummary>>;

/** One summary per collection present in the request, beside the two flags. */
export const BulkResult = Type.Object({
  dryRun: Type.Boolean(),
  committed: Type.Boolean({ description: 'true when the load was written; false on dryRun or on any error' }),
  ...CollectionSummaries,
});
export type CollectionSummaryT = Static<typeof CollectionSummary>;
export type BulkResultT = Static<typeof BulkResult>;
