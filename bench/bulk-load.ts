// Bulk load: teacher-years through POST /v1/bulk (batches of 1,000–5,000, one request after another) on
// the real app listening on a loopback port, against one raw COPY of the same rows into the same table.
//
// It runs in a scratch database on the same server holding a small province of its own (the teachers and
// schools the rows refer to), because every bulk write appends audit events that cannot be deleted. The
// rows are the province's 2024 teacher-years moved to the next year, so both loads create every row.
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { openDatabase } from '../src/db/connection.js';
import type { TeacherYearRowT } from '../src/schemas/bulk.js';
import { generateProvince } from '../scripts/province/generate.js';
import { FULL_SCALE, resolveTargets } from '../scripts/province/options.js';
import { COLUMNS, copyLine } from '../scripts/province/rows.js';
import { benchAuth } from './auth.js';
import { profileBulkBatch } from './bulk-profile.js';
import { failed, roundFigures, type BenchResult } from './results.js';
import { medianOf } from './timing.js';
import { createScratchDatabase } from './scratch.js';
import { startService } from './server.js';

export interface BulkLoadOptions {
  /** Any database on the server; the scratch database is created beside it. */
  serverUrl: string;
  seed: number;
  /** Teacher-years loaded by each method. */
  rows: number;
  /** Rows per POST /v1/bulk request. */
  batchSize: number;
  /** Rounds of COPY then POST /v1/bulk (the table emptied between loads); medians and every round kept. */
  rounds?: number;
  log?: (line: string) => void;
}

const ID = 'bulk.teacher-years';
const TARGET = '>= 25% of COPY';
const NAME = 'bulk load: teacher-years via POST /v1/bulk';

interface Source {
  staff_code: string;
  school_code: string;
  stage: TeacherYearRowT['stage'];
  full_time: boolean;
  education: TeacherYearRowT['education'];
  certified: boolean;
  backbone_level: TeacherYearRowT['backboneLevel'];
  subject: string;
  training_hours: number;
  rotated: boolean;
  rotation_eligible: boolean | null;
}

const YEAR_FROM = 2024;
const YEAR_TO = 2025;

export async function benchBulkLoad(o: BulkLoadOptions): Promise<BenchResult> {
  const log = o.log ?? (() => {});
  const scratch = await createScratchDatabase(o.serverUrl, 'bulk');
  try {
    // a province just big enough: one teacher-year per row to load
    const scale = o.rows / FULL_SCALE.teachers;
    const targets = resolveTargets({ scale, teachers: o.rows });
    log(`bulk: scratch province of ${targets.schools} schools and ${targets.teachers} teachers`);
    await generateProvince({ databaseUrl: scratch.url, spec: { seed: o.seed, years: [YEAR_FROM], targets } });

    const client = new pg.Client({ connectionString: scratch.url });
    await client.connect();
    try {
      const source = (
        await client.query<Source>(
          `SELECT staff_code, school_code, stage::text AS stage, full_time, education::text AS education, certified,
                  backbone_level::text AS backbone_level, subject, training_hours, rotated, rotation_eligible
             FROM teacher_years WHERE year = $1 ORDER BY staff_code`,
          [YEAR_FROM],
        )
      ).rows;
      const items: TeacherYearRowT[] = source.map((r) => ({
        staffCode: r.staff_code,
        year: YEAR_TO,
        schoolCode: r.school_code,
        stage: r.stage,
        fullTime: r.full_time,
        education: r.education,
        certified: r.certified,
        backboneLevel: r.backbone_level,
        subject: r.subject,
        trainingHours: r.training_hours,
        rotated: r.rotated,
        ...(r.rotation_eligible === null ? {} : { rotationEligible: r.rotation_eligible }),
      }));
      // both payloads are prepared before any clock starts
      const copyText = source
        .map((r) =>
          copyLine([
            r.staff_code, YEAR_TO, r.school_code, r.stage, r.full_time, r.education, r.certified, r.backbone_level,
            r.subject, r.training_hours, r.rotated, r.rotation_eligible,
          ]),
        )
        .join('');
      const bodies: string[] = [];
      for (let i = 0; i < items.length; i += o.batchSize) bodies.push(JSON.stringify({ teacherYears: items.slice(i, i + o.batchSize) }));

      const reset = async () => {
        await client.query('DELETE FROM teacher_years WHERE year = $1', [YEAR_TO]);
        await client.query('VACUUM ANALYZE teacher_years');
      };

      const rounds = o.rounds ?? 3;
      const copyOnce = async () => {
        const c0 = performance.now();
        await client.query('BEGIN');
        await pipeline(
          Readable.from([copyText]),
          client.query(copyFrom(`COPY teacher_years (${COLUMNS.teacher_years.join(', ')}) FROM STDIN`)),
        );
        await client.query('COMMIT');
        return (performance.now() - c0) / 1000;
      };

      // where a batch goes inside the service (rolled back), then the table is cleaned again
      const database = await openDatabase({ databaseUrl: scratch.url });
      const firstBatch = items.slice(0, o.batchSize);
      await profileBulkBatch(database.db, firstBatch); // warm-up
      const phases = await profileBulkBatch(database.db, firstBatch);
      await reset();

      // each round: one COPY in one transaction (baseline), then the API batch after batch (measured)
      const auth = await benchAuth(database.db);
      const service = await startService(database);
      const copyRuns: number[] = [];
      const apiRuns: number[] = [];
      const requestMs: number[] = [];
      let loaded = 0;
      try {
        for (let round = 1; round <= rounds; round++) {
          log(`bulk: round ${round}/${rounds}: COPY of ${items.length} rows, then POST /v1/bulk, ${bodies.length} batches of ${o.batchSize}`);
          copyRuns.push(await copyOnce());
          await reset();
          const a0 = performance.now();
          for (const body of bodies) {
            const r0 = performance.now();
            const res = await fetch(`${service.url}/v1/bulk`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', ...auth.headers },
              body,
            });
            const text = await res.text();
            if (res.status !== 200) throw new Error(`POST /v1/bulk answered ${res.status}: ${text.slice(0, 500)}`);
            requestMs.push(performance.now() - r0);
          }
          apiRuns.push((performance.now() - a0) / 1000);
          loaded = Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM teacher_years WHERE year = $1', [YEAR_TO])).rows[0]?.n);
          if (loaded !== items.length) throw new Error(`POST /v1/bulk stored ${loaded} of ${items.length} rows`);
          await reset();
        }
      } finally {
        await service.app.close();
        await database.close();
      }
      const copySeconds = medianOf(copyRuns);
      const apiSeconds = medianOf(apiRuns);
      const audit = Number(
        (await client.query<{ n: string }>(`SELECT count(*) AS n FROM audit_events WHERE entity = 'teacher-year'`)).rows[0]?.n,
      );

      const apiRate = items.length / apiSeconds;
      const copyRate = items.length / copySeconds;
      const ratio = apiRate / copyRate;
      // rows/s of each round: the API's and COPY's of the same round
      const roundsOf = roundFigures(
        apiRuns.map((sec) => items.length / sec),
        copyRuns.map((sec) => items.length / sec),
        (x) => x >= 0.25,
      );
      requestMs.sort((a, b) => a - b);
      return {
        id: ID,
        benchmark: NAME,
        status: 'measured',
        measured: { value: apiRate, unit: 'rows/s' },
        baseline: { value: copyRate, unit: 'rows/s' },
        ratio,
        target: TARGET,
        met: roundsOf.everyRoundMet,
        rounds: roundsOf,
        detail: {
          rows: items.length,
          batchSize: o.batchSize,
          requests: bodies.length,
          apiSeconds,
          copySeconds,
          copyRunsSeconds: copyRuns,
          apiRunsSeconds: apiRuns,
          requestMsP50: requestMs[Math.floor(requestMs.length * 0.5)] ?? null,
          requestMsMax: requestMs[requestMs.length - 1] ?? null,
          auditEventsWritten: audit,
          auditEventsPerRound: audit / rounds,
          // one batch of batchSize rows, timed inside the service (see bench/bulk-profile.ts)
          phasesOfOneBatchMs: phases,
          auth: auth.mode,
          scratchProvince: targets,
        },
        ...(auth.note ? { note: auth.note } : {}),
      };
    } finally {
      await client.end();
    }
  } catch (error) {
    return failed(ID, NAME, TARGET, error);
  } finally {
    await scratch.drop();
  }
}
