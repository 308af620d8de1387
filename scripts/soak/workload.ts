// The mixed workload: `connections` workers, each sending one request at a time over the shared pool
// and logging every request with its answer, until the run's time is up.
import { type Entry, type History, outcomeOf } from './history.js';
import { digest, parseJson, type SoakClient } from './http.js';
import { FundingState, reads } from './reads.js';
import { Rng } from './rng.js';
import { valueOfAnswer } from './values.js';
import type { Roles, World } from './world.js';
import { bulkLoad, type Planned, putClasses, putSchoolYear, putTeacher, type WriteContext } from './writes.js';

/** How often each operation is chosen, relative to the others; writes are sent refusable at the share given. */
const MIX: { weight: number; make: (c: WriteContext, f: FundingState) => Planned }[] = [
  { weight: 8, make: (c) => reads.school(c) },
  { weight: 4, make: (c) => reads.schoolList(c) },
  { weight: 6, make: (c) => reads.schoolYear(c) },
  { weight: 5, make: (c) => reads.teacher(c) },
  { weight: 3, make: (c) => reads.classes(c) },
  { weight: 3, make: (c) => reads.teacherList(c) },
  { weight: 4, make: (c) => reads.scorecard(c) },
  { weight: 3, make: (c) => reads.resourceAllocation(c) },
  { weight: 2, make: (c) => reads.classSizes(c) },
  { weight: 3, make: (c) => reads.entitlements(c) },
  { weight: 3, make: (c) => reads.schoolEntitlement(c) },
  { weight: 1, make: (c) => reads.planGet(c) },
  { weight: 1, make: (c) => reads.planPost(c) },
  { weight: 1, make: (c) => reads.whatIf(c) },
  { weight: 1, make: (c, f) => f.verify(c) },
  { weight: 10, make: (c) => putSchoolYear(c, !c.rng.chance(0.12)) },
  { weight: 8, make: (c) => putTeacher(c, !c.rng.chance(0.12)) },
  { weight: 4, make: (c) => putClasses(c, !c.rng.chance(0.12)) },
  { weight: 3, make: (c) => bulkLoad(c, !c.rng.chance(0.3)) },
  { weight: 2, make: (c, f) => f.plan(c) },
];
const TOTAL_WEIGHT = MIX.reduce((s, m) => s + m.weight, 0);

function choose(c: WriteContext, funding: FundingState): Planned {
  let roll = c.rng.next() * TOTAL_WEIGHT;
  for (const m of MIX) {
    roll -= m.weight;
    if (roll < 0) return m.make(c, funding);
  }
  return (MIX[0] as (typeof MIX)[number]).make(c, funding);
}

export interface WorkloadOptions {
  client: SoakClient;
  history: History;
  roles: Roles;
  world: World;
  /** Milliseconds since the start of the run. */
  clock: () => number;
  /** Request ids are `<prefix>-<seq>`: the audit check finds the run's events by them. */
  prefix: string;
  seed: number;
  connections: number;
  /** The run time at which workers stop sending (asked again as they go: the faults may extend the run). */
  untilMs: () => number;
  timeoutMs: number;
}

/** Sends one planned request and logs it with its answer. */
export async function send(o: Pick<WorkloadOptions, 'client' | 'history' | 'clock' | 'prefix' | 'timeoutMs'>, plan: Planned, token: string, worker: number, keyRole: string) {
  const seq = o.history.nextSeq();
  const requestId = `${o.prefix}-${seq}`;
  const start = o.clock();
  const answer = await o.client.request({
    method: plan.method,
    path: plan.path,
    token,
    body: plan.body,
    ...(plan.headers ? { headers: plan.headers } : {}),
    requestId,
    timeoutMs: o.timeoutMs,
  });
  const end = o.clock();
  const entry: Entry = {
    seq,
    requestId,
    op: plan.op,
    method: plan.method,
    route: plan.route,
    path: plan.path,
    worker,
    keyRole,
    start,
    end,
    status: answer.status,
    outcome: outcomeOf(answer.status, answer.error),
    digest: digest(answer.text),
  };
  if (answer.error) entry.error = answer.error;
  if (answer.status !== null && answer.status >= 400 && plan.op !== 'burst' && plan.op !== 'burst-probe') entry.answer = answer.text.slice(0, 1000);
  if (plan.body !== undefined && plan.write) entry.body = plan.body;
  if (plan.write) entry.write = plan.write;
  if (answer.status === 429) entry.retryAfter = String(answer.headers['retry-after'] ?? '');
  if (plan.funding) {
    entry.funding = { ...plan.funding };
    if (entry.outcome === 'ok') {
      const run = parseJson(answer.text) as { runId?: string } | undefined;
      if (run?.runId) entry.funding.runId = run.runId;
      entry.funding.replayed = answer.headers['idempotent-replayed'] === 'true';
    }
  }
  if (plan.read && (answer.status === 200 || answer.status === 404)) {
    entry.read = { ...plan.read, value: answer.status === 200 ? valueOfAnswer(plan.read.kind, parseJson(answer.text)) : null };
  }
  o.history.add(entry);
  return entry;
}

export async function runWorkload(o: WorkloadOptions): Promise<void> {
  let writeId = 0;
  const funding = new FundingState(o.prefix);
  const worker = async (index: number) => {
    const context: WriteContext = { rng: new Rng(o.seed * 1000 + index), world: o.world, nextWriteId: () => ++writeId };
    const own = o.roles.workers[index] as string[];
    for (let n = 0; o.clock() < o.untilMs(); n++) {
      const plan = choose(context, funding);
      const token = plan.role === 'funding' ? o.roles.funding : (own[n % own.length] as string);
      const entry = await send(o, plan, token, index, plan.role);
      if (entry.funding?.runId && !funding.runIds.includes(entry.funding.runId)) funding.runIds.push(entry.funding.runId);
      // A failing service is not hammered in a tight loop: a short pause after an error, as a client would.
      if (entry.outcome === 'indeterminate' || entry.outcome === 'unsent') await new Promise((r) => setTimeout(r, 100 + context.rng.int(0, 200)));
    }
  };
  await Promise.all(Array.from({ length: o.connections }, (_, i) => worker(i)));
}
