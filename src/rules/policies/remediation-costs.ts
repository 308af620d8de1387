// Unit costs of the remediation plan's actions (docs/planning.md): what one teacher hired for a year, one
// backbone designation, one m², one yuan of equipment, one room or one extra class costs, in integer fen.
// They are planning assumptions, not standards: the shipped values say where each figure comes from, a
// custom profile may state its own and a plan request may override them.

import { Type, type Static } from 'typebox';

/** The actions of a remediation plan, by their binding names (docs/planning.md). */
export const REMEDIATION_ACTIONS = [
  'hire_teachers',
  'designate_backbone',
  'add_teaching_area',
  'add_sports_area',
  'add_equipment',
  'add_multimedia_classrooms',
  'add_music_room',
  'add_art_room',
  'split_classes',
  'relocate_students',
] as const;
export type RemediationAction = (typeof REMEDIATION_ACTIONS)[number];

const Fen = (description: string) => Type.Integer({ minimum: 0, maximum: 1_000_000_000_000, description });

/** Fen per unit of each action's quantity; relocate_students may be left unpriced (null). */
export const RemediationCostsSchema = Type.Object(
  {
    hire_teachers: Fen('fen per full-time teacher hired, for one year'),
    designate_backbone: Fen('fen per teacher made county-level backbone'),
    add_teaching_area: Fen('fen per m² of teaching and auxiliary rooms'),
    add_sports_area: Fen('fen per m² of sports grounds and halls'),
    add_equipment: Fen('fen per yuan of teaching equipment value (100 = at face value)'),
    add_multimedia_classrooms: Fen('fen per networked multimedia classroom'),
    add_music_room: Fen('fen per music room of the B10 minimum area'),
    add_art_room: Fen('fen per art room of the B10 minimum area'),
    split_classes: Fen('fen per extra class: a classroom built or fitted out for it'),
    relocate_students: Type.Union([Fen('fen per student relocated'), Type.Null()], {
      description: 'fen per student relocated, or null: relocations are reported but not priced',
    }),
  },
  { additionalProperties: false },
);
export type RemediationCosts = Static<typeof RemediationCostsSchema>;
