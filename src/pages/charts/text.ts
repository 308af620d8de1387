// Text helpers shared by the charts: escaping for the SVG text this module writes itself, and a width
// estimate for laying out axis labels before ECharts draws them.

const XML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for an XML attribute value or element content. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => XML_ENTITIES[c]!);
}

/**
 * Estimated width in px of `text` at `fontSize`: ASCII about 0.6 em, everything else (Chinese) 1 em. It is
 * the same approximation ECharts makes on the server, where there is no canvas to measure with, so the
 * layouts computed here agree with where ECharts puts the labels.
 */
export function textWidth(text: string, fontSize: number): number {
  let width = 0;
  for (const char of text) width += (char.codePointAt(0)! < 0x80 ? 0.6 : 1) * fontSize;
  return width;
}

/** `text`, or as much of it as fits in `maxWidth` px followed by an ellipsis. */
export function truncateToWidth(text: string, maxWidth: number, fontSize: number): string {
  if (textWidth(text, fontSize) <= maxWidth) return text;
  const ellipsisWidth = fontSize;
  let kept = '';
  let width = 0;
  for (const char of text) {
    const charWidth = textWidth(char, fontSize);
    if (width + charWidth + ellipsisWidth > maxWidth) break;
    kept += char;
    width += charWidth;
  }
  return `${kept}…`;
}

/** `text` broken into lines of at most `maxWidth` px: Chinese breaks between any two characters; a space at a break is dropped. */
export function wrapLines(text: string, maxWidth: number, fontSize: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const char of text) {
    if (line !== '' && textWidth(line + char, fontSize) > maxWidth) {
      lines.push(line);
      line = char === ' ' ? '' : char;
    } else {
      line += char;
    }
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}

/** At most `maxLines` lines of `text`, the last cut short with an ellipsis if the text goes on. */
export function clampLines(text: string, maxWidth: number, fontSize: number, maxLines: number): string[] {
  const lines = wrapLines(text, maxWidth, fontSize);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines - 1);
  const rest = lines.slice(maxLines - 1).join('');
  return [...kept, truncateToWidth(rest, maxWidth, fontSize)];
}
