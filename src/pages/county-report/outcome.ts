import { ServiceError } from '../../services/errors.js';
import { html, type Fragment, type Html } from '../html.js';

/**
 * What one service answered for a section: its answer, or the problem it reported. A section whose service
 * refuses (a 422 for a missing input, say) shows the reason while the rest of the page still stands.
 */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: ServiceError };

/** Runs one service; a ServiceError of the request's own (4xx) becomes the section's reason, anything else propagates. */
export async function attempt<T>(work: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (err) {
    if (err instanceof ServiceError && err.status < 500) return { ok: false, error: err };
    throw err;
  }
}

export const answerOf = <T>(outcome: Outcome<T>): T | undefined => (outcome.ok ? outcome.value : undefined);

export interface CardOptions {
  id: string;
  title: string;
  /** A section with long tables: in print it may break across pages (short ones are kept whole). */
  long?: boolean;
}

export function card(options: CardOptions, body: Fragment): Html {
  return html`<section class="card${options.long ? ' long' : ''}" id="${options.id}" aria-labelledby="${options.id}-h">
<h2 id="${options.id}-h">${options.title}</h2>
${body}
</section>`;
}

/** Why a section has no figures: the service's own words, and each missing input it named. */
const REASONS: Record<number, string> = { 404: '找不到所需的数据', 409: '数据相互冲突', 422: '缺少计算所需的数据，或数据不合要求' };

export function unavailable(what: string, error: ServiceError): Html {
  return html`<div class="error-box unavailable" data-status="${error.status}"><p><strong>无法给出${what}</strong>：${REASONS[error.status] ?? '请求未能完成'}（${error.status}）。${error.message}</p>
${error.errors.length > 0 ? html`<ul>${error.errors.map((e) => html`<li>${e.pointer ? html`<code>${e.pointer}</code> ` : null}${e.message}</li>`)}</ul>` : null}</div>`;
}

/** The section's body from its outcome, or the reason it has none. */
export function sectionOf<T>(outcome: Outcome<T>, what: string, render: (value: T) => Fragment): Fragment {
  return outcome.ok ? render(outcome.value) : unavailable(what, outcome.error);
}
