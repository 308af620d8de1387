import { pgEnum } from 'drizzle-orm/pg-core';
import {
  AREA_TYPES,
  BACKBONE_LEVELS,
  EDUCATION_LEVELS,
  OWNERSHIPS,
  SCHOOL_KINDS,
  STAGES,
} from '../../rules/vocabulary.js';

export const stageEnum = pgEnum('stage', STAGES);
export const schoolKindEnum = pgEnum('school_kind', SCHOOL_KINDS);
export const areaTypeEnum = pgEnum('area_type', AREA_TYPES);
export const ownershipEnum = pgEnum('ownership', OWNERSHIPS);
export const educationEnum = pgEnum('education_level', EDUCATION_LEVELS);
export const backboneEnum = pgEnum('backbone_level', BACKBONE_LEVELS);
export const genderEnum = pgEnum('gender', ['male', 'female']);
