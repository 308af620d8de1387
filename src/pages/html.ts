/**
 * HTML built by a tagged template that escapes every interpolated value unless it is already `Html`.
 * Everything on a page comes from county systems and is untrusted (a school may be named
 * `<script>alert(1)</script>`), so escaping is the default and trusting is the explicit exception
 * (`trusted`, used only for markup the service itself produced, such as a chart's SVG).
 */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for element content and for quoted attribute values. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

/** What may be interpolated: text and numbers are escaped, `Html` is kept, arrays are joined, null/false vanish. */
export type Fragment = Html | string | number | boolean | null | undefined | readonly Fragment[];

function render(value: Fragment): string {
  if (value === null || value === undefined || value === false || value === true) return '';
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Fragment[]): Html {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new Html(out);
}

/** Markup the service produced itself and vouches for (chart SVG); never for anything a client sent. */
export const trusted = (markup: string): Html => new Html(markup);
