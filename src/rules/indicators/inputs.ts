// Plain inputs of the indicator rules. They are aggregates (counts and sums per school and stage) so the
// service layer can build them in SQL; no list of teacher rows ever reaches the rules.

import type {
  AreaType,
  BackboneLevel,
  CompulsoryStage,
  EducationLevel,
  Ownership,
  SchoolKind,
  Stage,
} from '../vocabulary.js';

/**
 * Full-time (专任) teachers of one school and stage in one year. Part-time teacher-years are not counted
 * anywhere here.
 *
 * Give either the breakdowns (preferred: the rules then apply the policy's qualified level, backbone
 * levels and arts/PE subjects) or the already-filtered counts `qualified`, `backbone`, `artsPe`. When a
 * breakdown is present it wins over the matching count. When neither is present the indicator that needs
 * it is not assessable, naming the missing input.
 */
export interface TeacherCounts {
  /** Full-time teacher-years of this school and stage. */
  fullTime: number;
  /** Of those, holding a teacher's certificate (B19). */
  certified?: number | null;
  /** Of those, by highest education level (B1). Levels not present count 0. */
  byEducation?: Readonly<Partial<Record<EducationLevel, number>>> | null;
  /** Of those, by backbone level (B2, B18). */
  byBackboneLevel?: Readonly<Partial<Record<BackboneLevel, number>>> | null;
  /** Of those, by subject code (B3), e.g. { pe: 3, music: 2, art: 1, chinese: 12 }. */
  bySubject?: Readonly<Record<string, number>> | null;
  /** Already-filtered count: education at or above the stage's required level (B1). */
  qualified?: number | null;
  /** Already-filtered count: backbone level county or higher (B2). */
  backbone?: number | null;
  /** Already-filtered count: subject pe, music or art (B3). */
  artsPe?: number | null;
}

/** One stage of one school in one year. */
export interface StageInput {
  /** Sum of the class sizes of this stage (docs/domain.md §1 "students of a stage"). */
  students: number;
  /** Number of classes of this stage. */
  classes: number;
  /** Full-time teachers of this stage; absent means no teacher-years were recorded. */
  teachers?: TeacherCounts | null;
}

/** School-year facilities (the body of PUT /v1/schools/{code}/years/{year}); areas in m², money in yuan. */
export interface FacilitiesInput {
  /** 教学及辅助用房面积 (B4), at most 2 decimals. */
  teachingAreaM2: number;
  /** Indoor sports halls, part of the teaching area; subtracted from B4 only when the policy says so. */
  indoorSportsAreaM2?: number | null;
  /** 体育运动场馆面积 (B5). */
  sportsAreaM2: number;
  /** 教学仪器设备值 (B6), yuan, at most 2 decimals. */
  equipmentValueYuan: number;
  /** 网络多媒体教室 (B7). */
  multimediaClassrooms: number;
  /** Area of each music room (B10). */
  musicRoomAreasM2: readonly number[];
  /** Area of each art room (B10). */
  artRoomAreasM2: readonly number[];
}

/** One class (B12). */
export interface ClassInput {
  classCode: string;
  stage: Stage;
  /** Grade within the stage when recorded (1–6 primary, 7–9 junior); the remediation plan splits per grade. */
  grade?: number | null;
  students: number;
}

/** Everything the indicator rules need about one school in one year. */
export interface SchoolInput {
  schoolCode: string;
  kind: SchoolKind;
  areaType: AreaType;
  ownership: Ownership;
  /** For a teaching point: its central school (中心校), used by `teachingPoints: merge`. */
  centralSchoolCode?: string | null;
  /** null when the school-year record is missing: B4–B7 and B10 become not assessable for it. */
  facilities: FacilitiesInput | null;
  /** Per stage taught; a stage that is absent has 0 students. */
  stages: Readonly<Partial<Record<Stage, StageInput>>>;
  /** The school's classes (B12). Absent means unknown: B12 is not assessable for the school. */
  classes?: readonly ClassInput[] | null;
}

/** A ratio given as numerator and denominator (county-facts contract). */
export interface RatioInput {
  numerator: number;
  denominator: number;
}

/** The county-year facts of docs/contracts/county-facts.md (docs/domain.md §6). Every field optional. */
export interface CountyFactsInput {
  teacherAveragePayYuan?: number | null;
  civilServantAveragePayYuan?: number | null;
  nearbyEnrolmentPrimary?: RatioInput | null;
  nearbyEnrolmentJunior?: RatioInput | null;
  qualityHighSchoolQuota?: RatioInput | null;
  migrantChildrenInPublic?: RatioInput | null;
  juniorConsolidation?: {
    graduates: number;
    grade7Entrants: number;
    transfersIn: number;
    transfersOut: number;
    deaths: number;
  } | null;
  disabledEnrolment?: RatioInput | null;
  declared?: readonly { indicatorId: string; met: boolean; evidence?: string | null }[] | null;
  qualityMonitoring?: readonly { subject: string; level: number; betweenSchoolVarianceShare: number }[] | null;
}

/** An indicator the funding module has already decided (B13, B14, B26). */
export interface ComputedIndicatorInput {
  met: boolean;
  value?: number | null;
  detail: string;
}

/** B16 county (or school) counts: full-time teachers of year Y and how many of them completed. */
export interface TrainingCounts {
  fullTime: number;
  completed: number;
}

/** B18 county counts for year Y (docs/domain.md §5). */
export interface RotationCounts {
  /** Teacher-years of Y with rotated: true. */
  rotated: number;
  /** Teacher-years of Y that are eligible (rotationEligible, tenure rule, or rotated). */
  eligible: number;
  /** Of the rotated, those whose backbone level counts (policy backboneLevels). */
  rotatedBackbone: number;
}

/** B19 counts: full-time teachers and those certified. */
export interface CertificationCounts {
  fullTime: number;
  certified: number;
}

export type { CompulsoryStage };
