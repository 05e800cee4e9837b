import { SYNONYM_GROUPS, TRADITIONAL_TO_SIMPLIFIED } from './classification.synonyms.js';

/**
 * A customer's words as the classification rules read them (rule: front-line.classification).
 * Normalised once: full-width → half-width and compatibility forms (NFKC), lower case, traditional
 * characters → simplified. Chinese terms are then found as substrings: ICU's word segmentation
 * splits the shop's words (退|货, 收|货) and would miss them. Latin words come from Intl.Segmenter
 * (word boundaries, so "price" does not match inside "priceless") with a light ending fold.
 */
export interface PreparedText {
  /** The normalised text without spaces: where Chinese terms are looked for. */
  readonly han: string;
  /** The normalised text as written, for regexes that expect spaces between English words. */
  readonly plain: string;
  /** The Latin words, folded, in order. */
  readonly words: readonly string[];
}

const icu = new Intl.Segmenter('zh', { granularity: 'word' });
const latin = /^[a-z0-9'’]+$/;

function normalise(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFKC').toLowerCase()) out += TRADITIONAL_TO_SIMPLIFIED.get(ch) ?? ch;
  return out;
}

/** returns/returned/returning → return, packages → package; enough for customers' short English. */
export function foldLatin(word: string): string {
  const w = word.replace(/['’]/g, '');
  if (w.length <= 4 || /\d/.test(w)) return w;
  if (w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.endsWith('ing') && w.length > 6) return w.slice(0, -3);
  if (w.endsWith('ed') && w.length > 5) return dropE(w.slice(0, -2));
  if (w.endsWith('es') && /(ss|sh|ch|x)es$/.test(w)) return w.slice(0, -2);
  if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us')) return dropE(w.slice(0, -1));
  return dropE(w);
}

/** arrive and arrived fold alike (arriv): a final silent e goes once the word is long enough. */
const dropE = (w: string) => (w.length > 4 && w.endsWith('e') ? w.slice(0, -1) : w);

export function prepare(text: string): PreparedText {
  const plain = normalise(text);
  const words: string[] = [];
  for (const s of icu.segment(plain)) if (s.isWordLike && latin.test(s.segment)) words.push(foldLatin(s.segment));
  return { han: plain.replace(/\s+/g, ''), plain, words };
}

/** Each spelling (synonym, colloquial form, common typo) → every spelling of its group. */
const alternativesOf = new Map<string, readonly string[]>();
for (const group of SYNONYM_GROUPS) {
  const spellings = group.map((s) => normalise(s));
  for (const s of spellings) alternativesOf.set(s, [...new Set([...(alternativesOf.get(s) ?? []), ...spellings])]);
}

function latinPhraseIn(words: readonly string[], phrase: readonly string[]): boolean {
  for (let i = 0; i + phrase.length <= words.length; i++) if (phrase.every((w, k) => words[i + k] === w)) return true;
  return false;
}

/** One term of a keyword rule: any spelling of it, as a substring (Chinese) or a run of whole words (Latin). */
function termIn(text: PreparedText, term: string): boolean {
  const alternatives = alternativesOf.get(term) ?? [term];
  return alternatives.some((spelling) => {
    if (/[a-z]/.test(spelling) && latin.test(spelling.replace(/\s+/g, ''))) {
      const phrase = spelling.split(/\s+/).filter(Boolean).map(foldLatin);
      return latinPhraseIn(text.words, phrase);
    }
    return text.han.includes(spelling.replace(/\s+/g, ''));
  });
}

/**
 * A keyword pattern: one term, or terms joined by "+" that must all occur, in any order
 * ("改+地址" matches 我要修改收货地址 and 地址写错了帮我改一下). Each term stands for its synonyms.
 */
export function keywordMatches(text: PreparedText, pattern: string): boolean {
  const terms = keywordTerms(pattern);
  return terms.length > 0 && terms.every((term) => termIn(text, term));
}

export function keywordTerms(pattern: string): string[] {
  return normalise(pattern)
    .split('+')
    .map((t) => t.trim())
    .filter(Boolean);
}
