import { Type, type Static } from 'typebox';
import { AREA_TYPES, BACKBONE_LEVELS, EDUCATION_LEVELS, OWNERSHIPS, SCHOOL_KINDS, STAGES } from '../rules/vocabulary.js';
import {
  Area,
  CityCode,
  Count,
  CountyCode,
  LocalCode,
  Name,
  Paging,
  ProvinceCode,
  SchoolCode,
  Strict,
  Timestamp,
  TownCode,
  Year,
  Yuan,
} from './common.js';
import { roundTripBody } from './round-trip.js';

export const Stage = Type.Enum(STAGES);
export const SchoolKind = Type.Enum(SCHOOL_KINDS);
export const AreaType = Type.Enum(AREA_TYPES);
export const Ownership = Type.Enum(OWNERSHIPS);
export const Education = Type.Enum(EDUCATION_LEVELS);
export const Backbone = Type.Enum(BACKBONE_LEVELS);
export const Gender = Type.Enum(['male', 'female']);
export const Subject = Type.String({
  pattern: '^[a-z][a-z0-9_]{0,31}$',
  description: 'lowercase subject code (chinese, math, pe, music, art, …); pe, music and art count for B3',
});

const Stamps = { createdAt: Timestamp, updatedAt: Timestamp };

// Counties ---------------------------------------------------------------------------------------
// For a county in the division data (docs/divisions.md) name, city and province may be left out: they are
// filled from the data, and a city or province that disagrees with it is refused.
const FROM_DIVISIONS = 'when absent, taken from the division data (docs/divisions.md)';
export const CountyBody = Strict({
  name: Type.Optional(Type.With(Name, { description: `${FROM_DIVISIONS}; required for a code outside the data` })),
  cityCode: Type.Optional(Type.With(CityCode, { description: `6-digit city code; ${FROM_DIVISIONS}` })),
  provinceCode: Type.Optional(Type.With(ProvinceCode, { description: FROM_DIVISIONS })),
});
export const CountyKey = Strict({ countyCode: CountyCode });
export const County = Type.Object({
  countyCode: CountyCode,
  name: Name,
  cityCode: Type.Optional(CityCode),
  provinceCode: Type.Optional(ProvinceCode),
  ...Stamps,
});
export const CountyListQuery = Strict({ provinceCode: Type.Optional(ProvinceCode), cityCode: Type.Optional(CityCode), ...Paging });

// Towns ------------------------------------------------------------------------------------------
export const TownBody = Strict({ name: Name, countyCode: CountyCode });
export const TownKey = Strict({ townCode: TownCode });
export const Town = Type.Object({ townCode: TownCode, ...TownBody.properties, ...Stamps });
export const TownListQuery = Strict({ countyCode: Type.Optional(CountyCode), ...Paging });

// Divisions --------------------------------------------------------------------------------------
export const DivisionCode = Type.String({
  pattern: '^([0-9]{2}|[0-9]{4}|[0-9]{6}|[0-9]{9})$',
  description:
    'province (2 digits), city (4 digits, or 6 as counties store it: 441400), county-level unit (6) or town (9). ' +
    'A 6-digit code names the county when there is one (东莞市 441900 is both), else the city.',
  examples: ['441427'],
});
export const DivisionKey = Strict({ divisionCode: DivisionCode });
const DivisionLevel = Type.Enum(['province', 'city', 'county', 'town']);
const DivisionRef = Type.Object({
  code: Type.String({ description: 'province 2 digits, city 6 (441400), county 6, town 9' }),
  name: Type.String(),
  level: DivisionLevel,
});
export const Division = Type.Object({
  ...DivisionRef.properties,
  parents: Type.Array(DivisionRef, { description: 'province, city and (for a town) county, from the top down' }),
  source: Type.Object(
    { package: Type.String(), version: Type.String(), asOf: Type.String({ description: 'date the codes are as of (截止时间)' }) },
    { description: 'where the division data comes from (docs/divisions.md)' },
  ),
});

// Schools ----------------------------------------------------------------------------------------
export const SchoolBody = Strict({
  name: Name,
  countyCode: CountyCode,
  townCode: Type.Optional(TownCode),
  kind: SchoolKind,
  areaType: AreaType,
  ownership: Ownership,
  boarding: Type.Boolean(),
  centralSchoolCode: Type.Optional(SchoolCode),
});
export const SchoolKey = Strict({ schoolCode: SchoolCode });
export const School = Type.Object({ schoolCode: SchoolCode, ...SchoolBody.properties, ...Stamps });
export const SchoolListQuery = Strict({
  countyCode: Type.Optional(CountyCode),
  townCode: Type.Optional(TownCode),
  kind: Type.Optional(SchoolKind),
  areaType: Type.Optional(AreaType),
  ownership: Type.Optional(Ownership),
  ...Paging,
});

// School-years -----------------------------------------------------------------------------------
export const SchoolYearBody = Strict({
  teachingAreaM2: Area,
  indoorSportsAreaM2: Type.Optional(Area),
  sportsAreaM2: Area,
  equipmentValueYuan: Yuan,
  multimediaClassrooms: Count,
  musicRoomAreasM2: Type.Array(Type.Number({ exclusiveMinimum: 0, maximum: 10000, maxDecimals: 2 }), { maxItems: 200 }),
  artRoomAreasM2: Type.Array(Type.Number({ exclusiveMinimum: 0, maximum: 10000, maxDecimals: 2 }), { maxItems: 200 }),
  boarders: Count,
  inclusionStudents: Count,
  migrantChildren: Type.Optional(Count),
  leftBehindChildren: Type.Optional(Count),
  designedSeats: Type.Optional(Count),
  publicFundingAllocatedYuan: Type.Optional(Yuan),
  trainingSpendYuan: Type.Optional(Yuan),
});
export const SchoolYearKey = Strict({ schoolCode: SchoolCode, year: Year });
export const SchoolYear = Type.Object({ schoolCode: SchoolCode, year: Year, ...SchoolYearBody.properties, ...Stamps });
export const SchoolYearListQuery = Strict({ ...Paging });

// Classes ----------------------------------------------------------------------------------------
export const ClassBody = Strict({
  classCode: LocalCode,
  stage: Stage,
  grade: Type.Optional(Type.Integer({ minimum: 1, maximum: 12 })),
  students: Type.Integer({ minimum: 0, maximum: 200 }),
});
export const Class = Type.Object({ schoolCode: SchoolCode, year: Year, ...ClassBody.properties });
export const ClassList = Type.Object({ items: Type.Array(Class), total: Type.Integer() });
/** A class as the replacing PUT takes it: the GET item's schoolCode and year may come back (equal to the path). */
export const ClassPutItem = roundTripBody(ClassBody, Class, ['schoolCode', 'year']);
const ClassPutItems = Type.Array(ClassPutItem, { maxItems: 1000 });
/** The classes of a school-year: a plain array, or the list GET answered (`total` read-only, ignored). */
export const ClassesPutBody = Type.Unsafe<Static<typeof ClassPutItems> | { items: Static<typeof ClassPutItems>; total?: number }>({
  description: 'every class of the school-year: an array, or the `{ items, total }` answer of GET sent back',
  if: { type: 'array' },
  then: ClassPutItems,
  else: Strict({ items: ClassPutItems, total: Type.Optional(Type.With(Type.Integer(), { readOnly: true, description: 'read-only: ignored' })) }),
});

// Teachers ---------------------------------------------------------------------------------------
export const TeacherBody = Strict({
  name: Name,
  gender: Type.Optional(Gender),
  birthYear: Type.Optional(Type.Integer({ minimum: 1930, maximum: 2015 })),
});
export const TeacherKey = Strict({ staffCode: LocalCode });
export const Teacher = Type.Object({ staffCode: LocalCode, ...TeacherBody.properties, ...Stamps });
export const TeacherListQuery = Strict({
  schoolCode: Type.Optional(SchoolCode),
  year: Type.Optional(Year),
  ...Paging,
});

export const TeacherYearBody = Strict({
  schoolCode: SchoolCode,
  stage: Stage,
  fullTime: Type.Boolean(),
  education: Education,
  certified: Type.Boolean(),
  backboneLevel: Backbone,
  subject: Subject,
  trainingHours: Type.Integer({ minimum: 0, maximum: 2000, description: 'training hours (学时) completed in the year' }),
  rotated: Type.Boolean({ description: 'rotated to another school this year (交流轮岗)' }),
  rotationEligible: Type.Optional(Type.Boolean({ description: 'eligible for rotation; when absent the tenure rule decides' })),
});
export const TeacherYearKey = Strict({ staffCode: LocalCode, year: Year });
export const TeacherYear = Type.Object({ staffCode: LocalCode, year: Year, ...TeacherYearBody.properties, ...Stamps });
export const TeacherYearListQuery = Strict({
  schoolCode: Type.Optional(SchoolCode),
  year: Type.Optional(Year),
  stage: Type.Optional(Stage),
  ...Paging,
});

export type SchoolYearBodyT = Static<typeof SchoolYearBody>;
export type ClassBodyT = Static<typeof ClassBody>;
