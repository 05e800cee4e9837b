import { ConversationClass } from '@cs/contracts/cs/inquiry/v1/conversation';
import { PatternKind } from '@cs/contracts/cs/inquiry/v1/rules_service';
import { describe, expect, it } from 'vitest';
import { classify, type TextRule } from '../../src/domain/classification.rule.js';
import { classificationRulesV2 } from '../../src/migrations/classification-rules-v2.js';
import { defaultRules } from '../../src/migrations/default-rules.js';
import { labelledMessages } from '../classification/labelled-messages.js';

// Thresholds set before tuning: the rules must route ordinary phrasings, and not only the tuned ones.
const MIN_OVERALL = 0.9;
const MIN_HELD_OUT = 0.85;
const MIN_PER_CLASS = 0.8;

/** The rules as migration 0008 seeds them (enabled). */
const rules: TextRule[] = classificationRulesV2.map((r) => ({ ...r, enabled: true }));
const classes = Object.values(ConversationClass).filter((c) => c !== ConversationClass.CONVERSATION_CLASS_UNSPECIFIED);
const short = (c: string) => c.replace('CONVERSATION_CLASS_', '');

const results = labelledMessages.map((m) => ({ ...m, got: classify(m.text, rules).conversationClass }));
const accuracy = (rows: typeof results) =>
  rows.length ? rows.filter((r) => r.got === r.expected).length / rows.length : 1;
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

describe('classification of the labelled customer messages (rule: front-line.classification)', () => {
  it('has at least 150 messages covering every class, about 30 % held out', () => {
    expect(labelledMessages.length).toBeGreaterThanOrEqual(150);
    for (const c of classes) expect(labelledMessages.filter((m) => m.expected === c).length).toBeGreaterThanOrEqual(20);
    const heldOut = labelledMessages.filter((m) => m.heldOut).length / labelledMessages.length;
    expect(heldOut).toBeGreaterThan(0.25);
  });

  it(`routes ≥ ${pct(MIN_OVERALL)} overall, ≥ ${pct(MIN_HELD_OUT)} of the held-out split and ≥ ${pct(MIN_PER_CLASS)} of each class`, () => {
    const table = classes.map((c) => {
      const of = results.filter((r) => r.expected === c);
      return {
        class: short(c),
        messages: of.length,
        tuned: pct(accuracy(of.filter((r) => !r.heldOut))),
        heldOut: pct(accuracy(of.filter((r) => r.heldOut))),
        all: pct(accuracy(of)),
      };
    });
    table.push({
      class: 'ALL',
      messages: results.length,
      tuned: pct(accuracy(results.filter((r) => !r.heldOut))),
      heldOut: pct(accuracy(results.filter((r) => r.heldOut))),
      all: pct(accuracy(results)),
    });
    console.table(table);
    // Only the tuning split's misses are listed: the held-out texts stay unseen by whoever tunes.
    const missed = results.filter((r) => !r.heldOut && r.got !== r.expected);
    if (missed.length) console.log(missed.map((r) => `${short(r.expected)} → ${short(r.got)}: ${r.text}`).join('\n'));

    expect(accuracy(results)).toBeGreaterThanOrEqual(MIN_OVERALL);
    expect(accuracy(results.filter((r) => r.heldOut))).toBeGreaterThanOrEqual(MIN_HELD_OUT);
    for (const c of classes)
      expect(`${short(c)} ${accuracy(results.filter((r) => r.expected === c)) >= MIN_PER_CLASS}`).toBe(
        `${short(c)} true`,
      );
  });

  it('the phrasings the old literal keywords missed are order changes', () => {
    for (const text of ['我要修改收货地址', '能改一下地址吗', '我想换个颜色'])
      expect(short(classify(text, rules).conversationClass)).toBe('ORDER_CHANGE');
  });
});

describe('the second seed keeps what the first routed', () => {
  it.each(
    defaultRules
      .filter((r) => r.kind === PatternKind.PATTERN_KIND_KEYWORD)
      .map((r) => [r.pattern, r.conversationClass]),
  )('%s → %s', (keyword, expected) => {
    expect(classify(keyword, rules).conversationClass).toBe(expected);
  });
});
