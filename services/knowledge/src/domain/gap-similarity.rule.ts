/**
 * Gaps are grouped by similarity (rule: knowledge.gaps.grouped-by-similarity): two questions are
 * the same gap when they share at least half of their distinct words (Jaccard over the segmented
 * words), so 发票抬头怎么改 and 发票抬头能改吗 count once while 发票 and 退货 stay apart.
 */
export const SAME_GAP_SIMILARITY = 0.5;

export function questionSimilarity(a: readonly string[], b: readonly string[]): number {
  const left = new Set(a);
  const right = new Set(b);
  if (left.size === 0 || right.size === 0) return 0;
  let shared = 0;
  for (const word of left) if (right.has(word)) shared += 1;
  return shared / (left.size + right.size - shared);
}

/** The most similar gap at or above the threshold; ties go to the first (the most asked). */
export function closestGap<G extends { terms: readonly string[] }>(
  terms: readonly string[],
  gaps: readonly G[],
): G | undefined {
  let best: G | undefined;
  let bestSimilarity = SAME_GAP_SIMILARITY;
  for (const gap of gaps) {
    const similarity = questionSimilarity(terms, gap.terms);
    if (similarity > bestSimilarity || (similarity === bestSimilarity && !best)) {
      best = gap;
      bestSimilarity = similarity;
    }
  }
  return best;
}

/**
 * A question found no good answer (rule: knowledge.gaps.unanswered-question) when no published
 * article matched it, or the best match scored below the shop's minimum. A question with no
 * words left after segmentation (你好, ok) is small talk, never a gap.
 */
export function isUnanswered(terms: readonly string[], bestScore: number | undefined, minimumScore: number): boolean {
  if (terms.length === 0) return false;
  return bestScore === undefined || bestScore < minimumScore;
}
