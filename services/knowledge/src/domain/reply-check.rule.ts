/** A phrase a reply must not contain and what to say instead. */
export interface ReplyPhrase {
  phrase: string;
  alternative: string;
}

export type ReplyViolationKind = 'negative-wording' | 'forbidden-term';

export interface ReplyViolation {
  kind: ReplyViolationKind;
  /** As written in the reply. */
  phrase: string;
  /** UTF-16 offset from the start of the reply, as JavaScript counts. */
  start: number;
  length: number;
  alternative: string;
}

export interface ReplyCheck {
  violations: ReplyViolation[];
  /** The reply with each violation replaced by its alternative. */
  suggestedText: string;
}

/**
 * domain.md §6 服务用语: replies avoid negative wording, each with the positive way to say it.
 * 但是 turns what came before into a refusal; 同时 keeps both halves positive.
 */
export const NEGATIVE_WORDING: readonly ReplyPhrase[] = [
  { phrase: '我不能', alternative: '我们可以为您这样处理' },
  { phrase: '我不会', alternative: '我来帮您' },
  { phrase: '我不愿意', alternative: '我很乐意' },
  { phrase: '我不可以', alternative: '我们可以这样' },
  { phrase: '但是', alternative: '同时' },
];

/** The shop's forbidden list by default: advertising-law absolute terms (广告法极限词). */
export const DEFAULT_FORBIDDEN_TERMS: readonly ReplyPhrase[] = [
  { phrase: '最好', alternative: '很好' },
  { phrase: '最佳', alternative: '优秀' },
  { phrase: '第一', alternative: '领先' },
  { phrase: '国家级', alternative: '优质' },
  { phrase: '顶级', alternative: '高品质' },
  { phrase: '最低价', alternative: '实惠价' },
];

/** `最好=很好,第一=领先`: the shop's forbidden list as configured; undefined when malformed. */
export function parseForbiddenTerms(raw: string): ReplyPhrase[] | undefined {
  const terms: ReplyPhrase[] = [];
  for (const entry of raw.split(',')) {
    if (entry.trim() === '') continue;
    const [phrase, alternative, ...rest] = entry.split('=').map((part) => part.trim());
    if (!phrase || !alternative || rest.length > 0) return undefined;
    terms.push({ phrase, alternative });
  }
  return terms;
}

/**
 * The reply check: every negative phrase and forbidden term with its position and a positive
 * alternative. Where two matches overlap, the earlier (then the longer) one counts. Letters
 * are compared without case so an English forbidden term is found however it is written.
 */
export function checkReply(text: string, forbiddenTerms: readonly ReplyPhrase[]): ReplyCheck {
  const folded = text.toLowerCase();
  // Lower-casing a few letters changes their length; then positions come from the text as written.
  const haystack = folded.length === text.length ? folded : text;
  const found: ReplyViolation[] = [];
  const scan = (kind: ReplyViolationKind, phrases: readonly ReplyPhrase[]) => {
    for (const { phrase, alternative } of phrases) {
      const needle = haystack === folded ? phrase.toLowerCase() : phrase;
      for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length))
        found.push({ kind, phrase: text.slice(at, at + needle.length), start: at, length: needle.length, alternative });
    }
  };
  scan('negative-wording', NEGATIVE_WORDING);
  scan('forbidden-term', forbiddenTerms);
  found.sort((a, b) => a.start - b.start || b.length - a.length);
  const violations: ReplyViolation[] = [];
  let end = 0;
  for (const v of found) {
    if (v.start < end) continue;
    violations.push(v);
    end = v.start + v.length;
  }
  return { violations, suggestedText: withAlternatives(text, violations) };
}

function withAlternatives(text: string, violations: readonly ReplyViolation[]): string {
  let out = '';
  let from = 0;
  for (const v of violations) {
    out += text.slice(from, v.start) + v.alternative;
    from = v.start + v.length;
  }
  return out + text.slice(from);
}
