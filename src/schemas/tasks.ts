// Request and response schemas of the plan's task tracker and its responsible units (docs/tasks.md).

import { Type, type Static } from 'typebox';
import { PLAN_TASK_STATUSES } from '../db/schema/plan-tasks.js';
import { INDICATOR_IDS } from '../rules/indicators/catalogue.js';
import { TASK_ID_PATTERN, UNIT_ID_PATTERN } from '../services/tasks/plan-file-schema.js';
import { CountyCode, Paging, Strict, Timestamp } from './common.js';

export const TaskStatus = Type.Enum(PLAN_TASK_STATUSES, { description: 'not_started until progress is written' });
export const IndicatorId = Type.Enum(INDICATOR_IDS, { examples: ['B5'] });
export const TaskId = Type.String({ pattern: TASK_ID_PATTERN, description: 'T and the task\'s number in the plan\'s table (序号), e.g. T04', examples: ['T04'] });
const IsoDate = Type.String({ format: 'date', examples: ['2024-09-30'] });

/** An evidence link: http or https only, so a report page never links a `javascript:` or `data:` URL. */
export const EvidenceUrl = Type.String({
  format: 'uri',
  pattern: '^[Hh][Tt][Tt][Pp][Ss]?://[^\\s/?#]+',
  maxLength: 2000,
  description: 'an http(s) URL of a document, photo or page that shows the progress',
  examples: ['https://www.jiaoling.gov.cn/jlxjyj/gkmlpt/content/2/2600/post_2600123.html'],
});

export const UnitRef = Type.Object({
  unitId: Type.String({ pattern: UNIT_ID_PATTERN, examples: ['education-bureau'] }),
  name: Type.String({ description: 'the name the plan\'s list of duties (附件2) uses', examples: ['县教育局'] }),
});

// Requests -------------------------------------------------------------------------------------------
export const TasksParams = Strict({ countyCode: CountyCode });
export const TaskParams = Strict({ countyCode: CountyCode, taskId: TaskId });

const AsOf = Type.Optional(
  Type.String({
    format: 'date',
    description: 'the day `overdue` is decided for (default: today in China Standard Time); a task is overdue from the day after its deadline',
    examples: ['2024-10-01'],
  }),
);

export const TasksQuery = Strict({
  status: Type.Optional(TaskStatus),
  overdue: Type.Optional(Type.Boolean({ description: 'true: only tasks overdue on `asOf`; false: only those that are not' })),
  indicator: Type.Optional(Type.Enum(INDICATOR_IDS, { description: 'only tasks that serve this indicator', examples: ['B12'] })),
  responsibleUnit: Type.Optional(
    Type.String({ minLength: 1, maxLength: 100, description: 'only tasks of this unit: its unitId, or any name the plan gives it (县发改局 or 县发展改革局)', examples: ['finance-bureau'] }),
  ),
  asOf: AsOf,
  ...Paging,
});

export const TaskQuery = Strict({ asOf: AsOf });

export const UnitsQuery = Strict({
  indicator: Type.Optional(Type.Enum(INDICATOR_IDS, { description: 'only the units answering for this indicator (附件1)', examples: ['B5'] })),
  asOf: AsOf,
  ...Paging,
});

/** What a PUT writes; the rest of a task is the plan's text and cannot be changed. */
export const TaskProgressBody = Strict(
  {
    status: TaskStatus,
    notes: Type.String({ maxLength: 4000, default: '', description: 'progress notes; replaces the stored notes (default: none)' }),
    evidence: Type.Array(EvidenceUrl, { maxItems: 20, uniqueItems: true, default: [], description: 'evidence links; replaces the stored list (default: none)' }),
  },
  { description: 'The task\'s progress. Everything else a task answers comes from the shipped plan and is read-only.' },
);

// Answers --------------------------------------------------------------------------------------------
export const Task = Type.Object({
  countyCode: CountyCode,
  taskId: TaskId,
  number: Type.Integer({ description: '序号 in the plan\'s table' }),
  text: Type.String({ description: '工作任务, as the plan writes it' }),
  responsibleUnits: Type.Array(UnitRef, { description: '责任单位, in the plan\'s order' }),
  responsibleUnitsText: Type.String({ description: '责任单位 as the plan writes it' }),
  deadline: Type.Union([IsoDate, Type.Null()], { description: 'the last day the plan allows (2023年4月 → 2023-04-30); null for an ongoing task (持续推进)' }),
  deadlineText: Type.String({ description: '完成时限 as the plan writes it' }),
  status: TaskStatus,
  overdue: Type.Boolean({ description: 'not done and `asOf` is after the deadline; derived, never stored' }),
  notes: Type.String(),
  evidence: Type.Array(Type.String()),
  indicators: Type.Array(IndicatorId, { description: 'the indicators the task serves' }),
  indicatorsReading: Type.String({ description: 'how `indicators` were read from the task\'s text, or that the text names none' }),
  updatedAt: Type.Union([Timestamp, Type.Null()], { description: 'when progress was last written; null if never' }),
  updatedBy: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], { description: 'the id of the API key that wrote it' }),
});

export const TaskPage = Type.Object({
  countyCode: CountyCode,
  asOf: IsoDate,
  source: Type.Union([Type.String(), Type.Null()], { description: 'the plan and its table the tasks come from; null for a county without a shipped plan' }),
  items: Type.Array(Task),
  total: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer(),
});

export const UnitTask = Type.Object({
  taskId: TaskId,
  text: Type.String(),
  deadline: Type.Union([IsoDate, Type.Null()]),
  status: TaskStatus,
  overdue: Type.Boolean(),
});

export const ResponsibleUnit = Type.Object({
  unitId: Type.String({ pattern: UNIT_ID_PATTERN }),
  name: Type.String(),
  aliases: Type.Array(Type.String(), { description: 'other names the plan gives the unit' }),
  duties: Type.String({ description: 'the unit\'s paragraph of the plan\'s list of duties (附件2), verbatim' }),
  dutiesSharedWith: Type.Array(Type.String(), { description: 'units the paragraph names together with this one' }),
  indicators: Type.Array(IndicatorId, { description: 'the indicators whose responsible units (附件1) name it' }),
  tasks: Type.Array(UnitTask, { description: 'the plan\'s tasks naming it among their responsible units' }),
});

export const UnitPage = Type.Object({
  countyCode: CountyCode,
  asOf: IsoDate,
  source: Type.Union([Type.String(), Type.Null()]),
  items: Type.Array(ResponsibleUnit),
  total: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer(),
});

export type TaskT = Static<typeof Task>;
export type TaskPageT = Static<typeof TaskPage>;
export type UnitPageT = Static<typeof UnitPage>;
export type TasksQueryT = Static<typeof TasksQuery>;
export type TaskProgressBodyT = Static<typeof TaskProgressBody>;
