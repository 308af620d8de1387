// The check of the audit trail against the history: the service writes each change's event in the
// change's own transaction (docs/api.md), under the caller's request id, so an acknowledged write has
// exactly its events, a refused one none, an indeterminate one all of them or none (never some), and a read
// none. Events of one record follow the real-time order of the acknowledged writes that made them.
import type { Entry } from './history.js';
import { type SoakClient, parseJson } from './http.js';

export interface AuditEventView {
  id: number;
  requestId: string | null;
  action: string;
  entity: string;
  entityKey: string;
}

export interface AuditCheck {
  events: number;
  writesChecked: number;
  /** Acknowledged writes whose events are missing or wrong. */
  missing: number;
  /** Refused writes (and reads) that left events. */
  unexpected: number;
  /** Indeterminate writes that left some of their events but not all. */
  partial: number;
  /** Writes answered 5xx whose events exist: they committed although the answer said otherwise. */
  committedDespite5xx: string[];
  /** Events under a request id of the run that no request of the run had. */
  unexplained: number;
  outOfOrder: number;
  problems: string[];
}

/** Every audit event at or after `from`, oldest first. */
export async function readAudit(client: SoakClient, token: string, from: Date): Promise<AuditEventView[]> {
  const events: AuditEventView[] = [];
  for (let offset = 0; ; offset += 1000) {
    const path = `/v1/audit-events?from=${encodeURIComponent(from.toISOString())}&limit=1000&offset=${offset}`;
    const answer = await client.request({ method: 'GET', path, token, timeoutMs: 120_000 });
    if (answer.status !== 200) throw new Error(`GET ${path}: ${answer.status ?? answer.error} ${answer.text.slice(0, 300)}`);
    const page = parseJson(answer.text) as { items: AuditEventView[]; total: number };
    events.push(...page.items);
    if (page.items.length === 0 || events.length >= page.total) return events;
  }
}

const MAX_PROBLEMS = 50;

/** The events an applied request leaves: undefined when any `funding-run` event will do (a run of unknown id). */
function expectedOf(entry: Entry): { entity: string; entityKey: string }[] | undefined {
  if (entry.funding) {
    if (entry.outcome !== 'ok') return undefined;
    return entry.funding.replayed ? [] : [{ entity: 'funding-run', entityKey: entry.funding.runId ?? '' }];
  }
  return entry.write?.events ?? [];
}

/** Whether `events` are exactly what the applied request leaves. */
function exactly(entry: Entry, events: AuditEventView[]): boolean {
  const expected = expectedOf(entry);
  if (expected === undefined) return events.length === 1 && events[0]?.entity === 'funding-run';
  const scope = entry.write?.mayAlsoTouch;
  const remaining = [...events];
  for (const e of expected) {
    const i = remaining.findIndex((ev) => ev.entity === e.entity && ev.entityKey === e.entityKey);
    if (i < 0) return false;
    remaining.splice(i, 1);
  }
  return remaining.every((ev) => scope !== undefined && ev.entity === scope.entity && ev.entityKey.startsWith(scope.keyPrefix));
}

export function checkAudit(entries: Entry[], events: AuditEventView[], prefix: string): AuditCheck {
  const result: AuditCheck = {
    events: events.length,
    writesChecked: 0,
    missing: 0,
    unexpected: 0,
    partial: 0,
    committedDespite5xx: [],
    unexplained: 0,
    outOfOrder: 0,
    problems: [],
  };
  const problem = (text: string) => {
    if (result.problems.length < MAX_PROBLEMS) result.problems.push(text);
  };
  const byRequest = new Map<string, AuditEventView[]>();
  for (const ev of events) {
    if (!ev.requestId?.startsWith(`${prefix}-`)) continue;
    const list = byRequest.get(ev.requestId) ?? [];
    list.push(ev);
    byRequest.set(ev.requestId, list);
  }
  const known = new Set(entries.map((e) => e.requestId));
  for (const [requestId, list] of byRequest) {
    if (!known.has(requestId)) {
      result.unexplained += list.length;
      problem(`${list.length} event(s) under request id ${requestId}, which no request of the run had`);
    }
  }
  const show = (list: AuditEventView[]) => list.map((e) => `${e.action} ${e.entity} ${e.entityKey}`).join(', ') || 'none';

  for (const entry of entries) {
    const list = byRequest.get(entry.requestId) ?? [];
    const isWrite = entry.write !== undefined || entry.funding !== undefined;
    if (!isWrite) {
      if (list.length > 0) {
        result.unexpected++;
        problem(`${entry.requestId} ${entry.route} (a read) left events: ${show(list)}`);
      }
      continue;
    }
    result.writesChecked++;
    if (entry.outcome === 'ok') {
      if (!exactly(entry, list)) {
        result.missing++;
        problem(`${entry.requestId} ${entry.op} answered ${entry.status}: expected ${show((expectedOf(entry) ?? []) as AuditEventView[])}, found ${show(list)}`);
      }
    } else if (entry.outcome === 'refused' || entry.outcome === 'unsent') {
      if (list.length > 0) {
        result.unexpected++;
        problem(`${entry.requestId} ${entry.op} answered ${entry.status ?? entry.error} but left events: ${show(list)}`);
      }
    } else if (list.length > 0) {
      if (!exactly(entry, list)) {
        result.partial++;
        problem(`${entry.requestId} ${entry.op} (${entry.status ?? entry.error}) left only part of its events: ${show(list)}`);
      } else if (entry.status !== null) {
        result.committedDespite5xx.push(`${entry.requestId} ${entry.method} ${entry.path} answered ${entry.status} at ${entry.end.toFixed(0)} ms, yet its write committed (${show(list)})`);
      }
    }
  }

  // Per record: acknowledged writes in real-time order (one answered before the other began) have events in that order.
  const byKey = new Map<string, { entry: Entry; id: number }[]>();
  for (const entry of entries) {
    if (entry.outcome !== 'ok' || !entry.write) continue;
    const list = byRequest.get(entry.requestId) ?? [];
    for (const e of entry.write.events) {
      const ev = list.find((x) => x.entity === e.entity && x.entityKey === e.entityKey);
      if (!ev) continue;
      const k = `${e.entity}|${e.entityKey}`;
      const writes = byKey.get(k) ?? [];
      writes.push({ entry, id: ev.id });
      byKey.set(k, writes);
    }
  }
  for (const [k, writes] of byKey) {
    for (const a of writes) {
      for (const b of writes) {
        if (a.entry.end < b.entry.start && a.id > b.id) {
          result.outOfOrder++;
          problem(`${k}: ${a.entry.requestId} was answered before ${b.entry.requestId} began, but its event ${a.id} comes after ${b.id}`);
        }
      }
    }
  }
  return result;
}
