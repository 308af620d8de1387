// The shapes of a county plan's two data files (docs/tasks.md): `tasks.json`, the plan's table of annual
// tasks (附件3 of the seed plan), and `responsible-units.json`, its units with their duties (附件2) and
// the indicators they answer for (附件1). Checked at start-up; a file that does not fit stops the service.

import { Type, type Static } from 'typebox';
import { INDICATOR_IDS } from '../../rules/indicators/catalogue.js';

const Text = Type.String({ minLength: 1, pattern: '\\S' });
const CountyCode = Type.String({ pattern: '^[0-9]{6}$' });

export const TASK_ID_PATTERN = '^T[0-9]{2,3}$';
export const UNIT_ID_PATTERN = '^[a-z][a-z0-9-]{1,63}$';

const IndicatorIds = Type.Array(Type.Enum(INDICATOR_IDS), { uniqueItems: true });

export const PlanTaskEntrySchema = Type.Object(
  {
    taskId: Type.String({ pattern: TASK_ID_PATTERN }),
    number: Type.Integer({ minimum: 1, maximum: 999 }),
    text: Text,
    responsibleUnitsText: Text,
    deadlineText: Text,
    indicators: IndicatorIds,
    indicatorsReading: Text,
  },
  { additionalProperties: false },
);

export const TasksFileSchema = Type.Object(
  { countyCode: CountyCode, source: Text, note: Type.Optional(Text), tasks: Type.Array(PlanTaskEntrySchema, { minItems: 1 }) },
  { additionalProperties: false },
);

export const UnitEntrySchema = Type.Object(
  {
    unitId: Type.String({ pattern: UNIT_ID_PATTERN }),
    name: Text,
    aliases: Type.Optional(Type.Array(Text, { uniqueItems: true })),
    duties: Text,
    dutiesSharedWith: Type.Optional(Type.Array(Type.String({ pattern: UNIT_ID_PATTERN }), { uniqueItems: true, minItems: 1 })),
    indicators: IndicatorIds,
  },
  { additionalProperties: false },
);

export const UnitsFileSchema = Type.Object(
  { countyCode: CountyCode, source: Text, note: Type.Optional(Text), units: Type.Array(UnitEntrySchema, { minItems: 1 }) },
  { additionalProperties: false },
);

export type TasksFile = Static<typeof TasksFileSchema>;
export type UnitsFile = Static<typeof UnitsFileSchema>;
