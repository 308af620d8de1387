import { html, type Html } from '../html.js';

/**
 * The link an evidence URL may become: only an absolute http(s) URL, as the browser would resolve it.
 * The API accepts nothing else, but what is stored came from a county system and is not trusted here
 * either: a `javascript:` or `data:` URL that got in some other way is shown as text, never as a link.
 */
export function safeEvidenceHref(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
}

/** One evidence entry: a link that leaks no referrer and passes no ranking, or the text with why it is not one. */
export function evidenceItem(url: string): Html {
  const href = safeEvidenceHref(url);
  return href === null
    ? html`<li><span class="unlinked">${url}</span> <span class="note">（不是 http(s) 链接，不作为链接显示）</span></li>`
    : html`<li><a href="${href}" rel="noopener noreferrer nofollow">${url}</a></li>`;
}

export const evidenceList = (urls: readonly string[]): Html | null =>
  urls.length === 0 ? null : html`<ul class="evidence" aria-label="佐证材料">${urls.map(evidenceItem)}</ul>`;
