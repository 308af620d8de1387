// A section of a page computed on its own: when its service refuses (a 4xx ServiceError, e.g. 422 for a
// missing input) the section says why and the rest of the page still shows. Anything else is a real failure.

import { ServiceError } from '../../services/errors.js';
import { html, type Html } from '../html.js';

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: ServiceError };

export async function attempt<T>(work: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (err) {
    if (err instanceof ServiceError && err.status < 500) return { ok: false, error: err };
    throw err;
  }
}

/** The reason a section could not be computed, in the words the API would answer with. */
export const reason = (error: ServiceError): Html =>
  html`<p class="error-box">无法计算（${error.status}）：${error.message}${
    error.errors.length > 0 ? html`<br>${error.errors.map((e, i) => html`${i > 0 ? '；' : ''}<code>${e.pointer}</code> ${e.message}`)}` : null
  }</p>`;
