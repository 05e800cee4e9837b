import { SHOP_SYNONYMS, SHOP_TERMS } from './shop-vocabulary.js';

/**
 * Word segmentation for Chinese and English (rule: knowledge.search.shop-vocabulary-stays-whole).
 * PostgreSQL's parser keeps a Chinese run as one token, so text is segmented here and the tokens
 * are stored in a tsvector. Three passes over each Chinese run:
 *   1. longest match against the shop's vocabulary (运费险, 发票抬头, 七天无理由 stay whole);
 *   2. Node's built-in ICU dictionary segmenter (Intl.Segmenter) for what is left;
 *   3. runs of single characters ICU could not join (退|货, 理|赔) also yield their bigrams,
 *      so an unknown word is still found whatever ICU made of it.
 * Latin words are lower-cased, with a light plural/ending fold (returns → return).
 */

const MAX_TERM_LENGTH = 8;
const vocabulary = new Set(SHOP_TERMS);
/** The longest shop term starting with each character: most characters start none, and are skipped at once. */
const longestFrom = new Map<string, number>();
for (const term of vocabulary) longestFrom.set(term[0]!, Math.max(longestFrom.get(term[0]!) ?? 0, term.length));
const synonyms = new Map<string, string[]>();
for (const [from, to] of SHOP_SYNONYMS) synonyms.set(from, [...(synonyms.get(from) ?? []), to]);

const icu = new Intl.Segmenter('zh', { granularity: 'word' });
const han = /\p{Script=Han}/u;
// A Han run, or a run of other letters and digits (X1蓝牙 is x1 then 蓝牙).
const runs = /(\p{Script=Han}+)|((?:(?!\p{Script=Han})[\p{L}\p{N}])+)/gu;

/** Words too common to tell articles apart: dropped from queries and from the index. */
const STOP_WORDS = new Set([
  '的',
  '了',
  '吗',
  '呢',
  '吧',
  '啊',
  '呀',
  '么',
  '是',
  '我',
  '你',
  '他',
  '她',
  '它',
  '我们',
  '你们',
  '在',
  '有',
  '和',
  '与',
  '或',
  '就',
  '都',
  '也',
  '还',
  '要',
  '会',
  '能',
  '可以',
  '怎么',
  '怎么办',
  '怎样',
  '如何',
  '什么',
  '为什么',
  '哪里',
  '哪',
  '多少',
  '几',
  '请问',
  '一下',
  '这个',
  '那个',
  '这',
  '那',
  '个',
  '吧',
  '嘛',
  '没',
  '不',
  '到',
  '给',
  '把',
  '被',
  '让',
  '对',
  '从',
  '上',
  '下',
  '里',
  '用',
  '买',
  '请',
  '问',
  '想',
  '下单了',
  '亲',
  '我的',
  '你的',
  '你们的',
  '还没',
  '没有',
  '一直',
  '已经',
  '现在',
  '可不可以',
  '能不能',
  '是不是',
  '有没有',
  '怎么样',
  '为啥',
  '咋',
  '咋办',
  '啥',
  '啥时候',
  '什么时候',
  '多久',
  '一个',
  '东西',
  '这样',
  '那么',
  '还是',
  '就是',
  '但是',
  '谢谢',
  '您好',
  '你好',
  '您',
  '麻烦',
  '帮我',
  '帮忙',
  '急',
  '着急',
  'a',
  'an',
  'the',
  'i',
  'my',
  'me',
  'you',
  'your',
  'is',
  'are',
  'was',
  'be',
  'do',
  'does',
  'did',
  'can',
  'how',
  'what',
  'when',
  'where',
  'why',
  'which',
  'who',
  'to',
  'of',
  'in',
  'on',
  'for',
  'and',
  'or',
  'it',
  'with',
  'at',
  'by',
  'from',
  'if',
  'will',
  'would',
  'should',
  'could',
  'get',
  'have',
  'has',
  'not',
  'this',
  'that',
  'there',
  'please',
  'we',
  'our',
]);

/** The words inside each shop term, worked out once. */
const innerTerms = new Map([...vocabulary].map((term) => [term, innerShopTerms(term)]));

/**
 * Changes whenever indexing would segment differently (vocabulary, stop words, this file's rules):
 * the service rebuilds the search index when the stored fingerprint differs.
 */
export const SEGMENTER_FINGERPRINT = fingerprint(
  `v1|${[...vocabulary].sort().join(',')}|${[...STOP_WORDS].sort().join(',')}`,
);

/** The words of a text, in order, for indexing (stop words removed, shop terms whole). */
export function segment(text: string): string[] {
  // Token lists in order; a number stands for the ICU words of that unknown span, segmented
  // together below (one ICU call per text, not one per span).
  const parts: (string[] | number)[] = [];
  const unknown: string[] = [];
  for (const match of text.normalize('NFKC').toLowerCase().matchAll(runs)) {
    if (match[1]) splitHan(match[1], parts, unknown);
    else parts.push([foldLatin(match[2]!)]);
  }
  const icuParts = icuWordsOf(unknown);
  return parts.flatMap((part) => (typeof part === 'number' ? icuParts[part]! : part)).filter((t) => !STOP_WORDS.has(t));
}

/** The distinct words of a query plus the shop's synonyms of each: what search looks for. */
export function queryTerms(text: string): string[] {
  return [...new Set(queryWords(text).flat())];
}

/** Each distinct word of a query with the shop's synonyms of it: any one of a group will do. */
export function queryWords(text: string): string[][] {
  const groups = new Map<string, string[]>();
  for (const token of segment(text)) if (!groups.has(token)) groups.set(token, [token, ...(synonyms.get(token) ?? [])]);
  return [...groups.values()];
}

/** Shop terms (with the words inside them) as token lists; the spans between them as unknown. */
function splitHan(run: string, parts: (string[] | number)[], unknown: string[]): void {
  let span = '';
  const flushSpan = () => {
    if (span) parts.push(unknown.push(span) - 1);
    span = '';
  };
  for (let at = 0; at < run.length; ) {
    const term = longestShopTerm(run, at);
    if (term) {
      flushSpan();
      parts.push([term, ...innerTerms.get(term)!]);
      at += term.length;
    } else {
      span += run[at];
      at += 1;
    }
  }
  flushSpan();
}

function longestShopTerm(run: string, at: number): string | undefined {
  const longest = longestFrom.get(run[at]!);
  if (!longest) return undefined;
  for (let length = Math.min(longest, MAX_TERM_LENGTH, run.length - at); length >= 2; length--) {
    const candidate = run.slice(at, at + length);
    if (vocabulary.has(candidate)) return candidate;
  }
  return undefined;
}

/** 退货运费 is also found by 退货 and by 运费, 发票抬头 by 抬头: shop terms and ICU words inside a longer term. */
function innerShopTerms(term: string): string[] {
  const inner = new Set<string>();
  if (term.length > 2)
    for (const s of icu.segment(term))
      if (s.isWordLike && s.segment.length >= 2 && s.segment !== term && !STOP_WORDS.has(s.segment))
        inner.add(s.segment);
  for (let at = 0; at < term.length; at++)
    for (let length = 2; at + length <= term.length; length++) {
      const candidate = term.slice(at, at + length);
      if (candidate !== term && vocabulary.has(candidate)) inner.add(candidate);
    }
  return [...inner];
}

/** ICU's words of each span (one ICU call for all), with each run of single characters as bigrams. */
function icuWordsOf(spans: string[]): string[][] {
  const words = spans.map((): string[] => []);
  if (!spans.length) return words;
  // A newline is a hard boundary: no ICU word crosses from one span into the next.
  let span = 0;
  let spanEnd = spans[0]!.length;
  for (const s of icu.segment(spans.join('\n'))) {
    while (s.index >= spanEnd && span + 1 < spans.length) spanEnd += 1 + spans[++span]!.length;
    if (s.isWordLike) words[span]!.push(s.segment);
  }
  return words.map(joinSingles);
}

/** 退|货 → 退货: runs of single characters ICU could not join become bigrams; stop words break a run. */
function joinSingles(words: string[]): string[] {
  const out: string[] = [];
  let group: string[] = [];
  const flushGroup = () => {
    if (group.length === 1) out.push(group[0]!);
    for (let i = 0; i + 1 < group.length; i++) out.push(group[i]! + group[i + 1]!);
    group = [];
  };
  for (const word of words) {
    if (word.length === 1 && han.test(word)) {
      if (STOP_WORDS.has(word)) flushGroup();
      else group.push(word);
    } else {
      flushGroup();
      out.push(word);
    }
  }
  flushGroup();
  return out;
}

/** returns/returned/returning → return; addresses → address. Enough for the shop's English articles. */
function foldLatin(word: string): string {
  if (word.length <= 4 || /\d/.test(word)) return word;
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (word.endsWith('ing') && word.length > 6) return word.slice(0, -3);
  if (word.endsWith('ed') && word.length > 5) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us')) return word.slice(0, -1);
  return word;
}

/** FNV-1a, enough to notice a change (no crypto needed, keeps the domain free of node imports). */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
