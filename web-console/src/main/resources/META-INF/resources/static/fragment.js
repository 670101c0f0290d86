// Text fragments (#:~:text=...): a link that opens the source scrolled to the passage and highlights it.
// https://wicg.github.io/scroll-to-text-fragment/ — start and end words of the passage, each within one line
// (a term may not span block boundaries), percent-encoded with '-', ',' and '&' escaped as the syntax asks.

const WORDS = 5;

/** Percent-encodes a term of a text directive. */
export function encodeTerm(s) {
  return encodeURIComponent(s).replace(/-/g, '%2D');
}

/** The text directive for a passage: "text=start,end" (or "text=whole" when short), or '' for no text. */
export function textDirective(passage) {
  const lines = (passage || '').split(/\n+/).map((l) => l.trim().replace(/\s+/g, ' ')).filter((l) => l);
  if (lines.length === 0) return '';
  const first = lines[0].split(' ');
  const last = lines[lines.length - 1].split(' ');
  if (lines.length === 1 && first.length <= 2 * WORDS) {
    return 'text=' + encodeTerm(lines[0]);
  }
  const start = first.slice(0, WORDS).join(' ');
  const end = last.slice(-WORDS).join(' ');
  return 'text=' + encodeTerm(start) + ',' + encodeTerm(end);
}

/** The source's address with a text fragment of the passage (any fragment of the address replaced). */
export function linkToPassage(url, passage) {
  const directive = textDirective(passage);
  const base = url.split('#')[0];
  return directive ? `${base}#:~:${directive}` : base;
}
