// The check of the records against the history (Jepsen-style): each record is a register written whole,
// so its final value must be the value of a write that may be the last one. A write may be last when it
// took effect or may have (acknowledged, or indeterminate) and no acknowledged write began after it ended
// (an indeterminate write may take effect any time after it began, so it never ends). The value before the
// run may be last only when no write was acknowledged. Reads are checked the same way at their time.
import type { Entry } from './history.js';
import { recordId, type World } from './world.js';

interface Write {
  entry: Entry;
  value: string;
  /** When it can no longer take effect: its answer for an acknowledged write, never for an indeterminate one. */
  settledBy: number;
}

export interface RecordCheck {
  records: number;
  writesChecked: number;
  acknowledged: number;
  refused: number;
  indeterminate: number;
  lost: number;
  phantom: number;
  readsChecked: number;
  phantomReads: number;
  staleReads: number;
  /** Of the lost: records left holding parts of several writes (a write not applied whole). */
  torn: number;
  tornReads: number;
  validRefused: Record<string, number>;
  invalidAccepted: number;
  problems: string[];
}

const MAX_PROBLEMS = 50;

function writesByRecord(entries: Entry[]): Map<string, Write[]> {
  const byRecord = new Map<string, Write[]>();
  for (const entry of entries) {
    for (const effect of entry.write?.effects ?? []) {
      const id = recordId(effect.kind, effect.key);
      const list = byRecord.get(id) ?? [];
      list.push({ entry, value: effect.value, settledBy: entry.outcome === 'ok' ? entry.end : Number.POSITIVE_INFINITY });
      byRecord.set(id, list);
    }
  }
  return byRecord;
}

const canHaveEffect = (w: Write) => w.entry.outcome === 'ok' || w.entry.outcome === 'indeterminate';
const describe = (w: Write) => `${w.entry.requestId} (${w.entry.op}, ${w.entry.status ?? w.entry.error}, ${w.entry.start.toFixed(0)}-${w.entry.end.toFixed(0)} ms)`;

/**
 * `finals` holds every written record's value after the run (null: absent), read through the API once
 * the workload and the faults are over.
 */
export function checkRecords(entries: Entry[], world: World, finals: Map<string, string | null>): RecordCheck {
  const result: RecordCheck = {
    records: 0,
    writesChecked: 0,
    acknowledged: 0,
    refused: 0,
    indeterminate: 0,
    lost: 0,
    phantom: 0,
    readsChecked: 0,
    phantomReads: 0,
    staleReads: 0,
    torn: 0,
    tornReads: 0,
    validRefused: {},
    invalidAccepted: 0,
    problems: [],
  };
  const problem = (text: string) => {
    if (result.problems.length < MAX_PROBLEMS) result.problems.push(text);
  };
  for (const entry of entries) {
    if (!entry.write) continue;
    if (entry.write.valid && entry.outcome === 'refused') {
      const status = String(entry.status);
      result.validRefused[status] = (result.validRefused[status] ?? 0) + 1;
    }
    if (!entry.write.valid && entry.outcome === 'ok') {
      result.invalidAccepted++;
      problem(`${entry.requestId} ${entry.op}: a write meant to be refused was answered ${entry.status}`);
    }
  }

  const byRecord = writesByRecord(entries);
  for (const [id, writes] of byRecord) {
    result.records++;
    const acked = writes.filter((w) => w.entry.outcome === 'ok');
    for (const w of writes) {
      result.writesChecked++;
      if (w.entry.outcome === 'ok') result.acknowledged++;
      else if (w.entry.outcome === 'indeterminate') result.indeterminate++;
      else result.refused++;
    }
    const initial = world.initial.get(id) ?? null;
    const final = finals.has(id) ? (finals.get(id) as string | null) : undefined;
    if (final === undefined) {
      problem(`${id}: not read after the run`);
      continue;
    }
    const mayBeLast = writes.filter((w) => canHaveEffect(w) && !acked.some((a) => a.entry.start > w.settledBy));
    if ((acked.length === 0 && final === initial) || mayBeLast.some((w) => w.value === final)) continue;

    const refusedWrite = writes.find((w) => !canHaveEffect(w) && w.value === final);
    const overwritten = writes.find((w) => canHaveEffect(w) && w.value === final);
    if (refusedWrite) {
      result.phantom++;
      problem(`${id}: holds the value of ${describe(refusedWrite)}, which was refused`);
    } else if (overwritten || final === initial) {
      const settled = overwritten ? overwritten.settledBy : 0;
      const later = acked.filter((a) => a.entry.start > settled);
      result.lost += later.length;
      problem(
        `${id}: holds ${overwritten ? `the value of ${describe(overwritten)}` : 'its value before the run'}, but ${later.length} acknowledged write(s) began after that, the last ${describe(later[later.length - 1] as Write)}`,
      );
    } else if (final !== null && isMix(final, writes.filter(canHaveEffect), initial)) {
      result.lost++;
      result.torn++;
      problem(`${id}: holds parts of several writes, none whole (the last acknowledged ${describe(acked[acked.length - 1] as Write)}): ${final.slice(0, 300)}`);
    } else if (final === null) {
      const missing = mayBeLast.filter((w) => w.entry.outcome === 'ok');
      result.lost += Math.max(1, missing.length);
      problem(`${id}: absent after the run, though ${acked.length} write(s) were acknowledged (last ${describe(acked[acked.length - 1] as Write)})`);
    } else {
      result.phantom++;
      if (acked.length > 0) result.lost++;
      problem(`${id}: holds a value no request of the run wrote: ${final.slice(0, 200)}`);
    }
  }

  for (const entry of entries) {
    if (!entry.read) continue;
    const id = recordId(entry.read.kind, entry.read.key);
    const writes = byRecord.get(id) ?? [];
    const value = entry.read.value;
    result.readsChecked++;
    const initial = world.initial.get(id) ?? null;
    // The write whose value the read saw: it must have begun before the read ended.
    const source = writes.find((w) => canHaveEffect(w) && w.value === value && w.entry.start < entry.end);
    if (!source && value !== initial) {
      if (value !== null && isMix(value, writes.filter((w) => canHaveEffect(w) && w.entry.start < entry.end), initial)) {
        result.tornReads++;
        problem(`read ${entry.requestId} of ${id} (${entry.start.toFixed(0)}-${entry.end.toFixed(0)} ms) saw parts of several writes, none whole: ${value.slice(0, 300)}`);
        continue;
      }
      result.phantomReads++;
      const refused = writes.find((w) => w.value === value);
      problem(`read ${entry.requestId} of ${id} saw ${refused ? `the value of ${describe(refused)}` : `a value no write of the run had sent by then: ${String(value).slice(0, 200)}`}`);
      continue;
    }
    // Stale: an acknowledged write that began after the source settled had been answered before the read began.
    const settled = source ? source.settledBy : 0;
    const newer = writes.find((w) => w.entry.outcome === 'ok' && w.entry.start > settled && w.entry.end < entry.start);
    if (newer) {
      result.staleReads++;
      problem(`read ${entry.requestId} of ${id} (${entry.start.toFixed(0)} ms) saw ${source ? `the value of ${describe(source)}` : 'the value before the run'}, though ${describe(newer)} had been acknowledged`);
    }
  }
  return result;
}

/**
 * Whether a set of classes is made of classes of several writes (or of the set before the run): each of
 * its classes, as it stands, is in one of them. A value that is a list of records only (classes).
 */
function isMix(value: string, writes: Write[], initial: string | null): boolean {
  const parsed = JSON.parse(value) as unknown;
  if (!Array.isArray(parsed)) return false;
  const known = new Set<string>();
  for (const source of [...writes.map((w) => w.value), ...(initial === null ? [] : [initial])]) {
    const items = JSON.parse(source) as unknown;
    if (Array.isArray(items)) for (const item of items) known.add(JSON.stringify(item));
  }
  return parsed.every((item) => known.has(JSON.stringify(item)));
}
