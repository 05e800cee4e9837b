const WINDOW = 80;

/**
 * The passage of `text` (about 80 characters) holding the most query terms, with each term found
 * marked as 【term】. Falls back to the opening of the text when no term occurs.
 */
export function highlight(text: string, terms: readonly string[]): string {
  const lower = text.toLowerCase();
  const found: { at: number; length: number }[] = [];
  for (const term of [...terms].sort((a, b) => b.length - a.length)) {
    for (let at = lower.indexOf(term); at >= 0; at = lower.indexOf(term, at + term.length)) {
      if (!found.some((f) => at < f.at + f.length && f.at < at + term.length)) found.push({ at, length: term.length });
    }
  }
  found.sort((a, b) => a.at - b.at);
  if (!found.length) return clip(text, 0);
  // The window starting at the match that has the most matches within WINDOW characters.
  let bestStart = found[0]!.at;
  let bestCount = 0;
  for (const f of found) {
    const count = found.filter((g) => g.at >= f.at && g.at + g.length <= f.at + WINDOW).length;
    if (count > bestCount) {
      bestCount = count;
      bestStart = f.at;
    }
  }
  const start = Math.max(0, bestStart - 10);
  const end = Math.min(text.length, start + WINDOW);
  let out = '';
  let cursor = start;
  for (const f of found) {
    if (f.at < start || f.at + f.length > end) continue;
    out += `${text.slice(cursor, f.at)}【${text.slice(f.at, f.at + f.length)}】`;
    cursor = f.at + f.length;
  }
  out += text.slice(cursor, end);
  return `${start > 0 ? '…' : ''}${out.replace(/\s+/g, ' ').trim()}${end < text.length ? '…' : ''}`;
}

function clip(text: string, start: number): string {
  const passage = text
    .slice(start, start + WINDOW)
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > start + WINDOW ? `${passage}…` : passage;
}
