import { ConversationClass } from '@cs/contracts/cs/inquiry/v1/conversation';
import { PatternKind } from '@cs/contracts/cs/inquiry/v1/rules_service';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InquiryHarness, startInquiry } from './inquiry-fixture.js';

// The seeded rules as migrated (0008), read through synonyms; still the department's to edit.

let h: InquiryHarness;
beforeAll(async () => {
  h = await startInquiry();
});
afterAll(async () => {
  await h?.stop();
});

const classOf = async (text: string) => (await h.rules.testClassification({ text })).conversationClass;

describe('classification rules as migrated', () => {
  it('ordinary phrasings of an order change reach the order-change team', async () => {
    for (const text of ['我要修改收货地址', '能改一下地址吗', '我想换个颜色'])
      expect(await classOf(text)).toBe(ConversationClass.CONVERSATION_CLASS_ORDER_CHANGE);
    const { conversation } = await h.ingest('亲，能改一下地址吗？写错了');
    expect(conversation).toMatchObject({
      conversationClass: ConversationClass.CONVERSATION_CLASS_ORDER_CHANGE,
      team: 'order-change',
    });
  });

  it('the first seed’s literal rules that were left as seeded are gone; the second seed is listed', async () => {
    const ids = (await h.rules.listClassificationRules({})).rules.map((r) => r.ruleId);
    expect(ids).not.toContain('seed-order_change-kw-1');
    expect(ids).toContain('seed-v2-order-change-combo-1');
  });

  it('an admin still edits them: a "+" keyword rule of their own decides at once, disabling it undoes that', async () => {
    const text = '想问下能不能刻字';
    expect(await classOf(text)).toBe(ConversationClass.CONVERSATION_CLASS_OTHER);
    const rule = {
      ruleId: 'engraving',
      conversationClass: ConversationClass.CONVERSATION_CLASS_PRE_SALES,
      kind: PatternKind.PATTERN_KIND_KEYWORD,
      pattern: '能+刻字',
      priority: 40,
      enabled: true,
    };
    await h.rules.putClassificationRule({ rule });
    expect(await h.rules.testClassification({ text })).toEqual({
      conversationClass: ConversationClass.CONVERSATION_CLASS_PRE_SALES,
      ruleId: 'engraving',
    });
    await h.rules.putClassificationRule({ rule: { ...rule, enabled: false } });
    expect(await classOf(text)).toBe(ConversationClass.CONVERSATION_CLASS_OTHER);
  });

  it('a keyword with an empty "+" term is refused naming the pattern', async () => {
    const error = await h.rules
      .putClassificationRule({
        rule: {
          ruleId: 'broken',
          conversationClass: ConversationClass.CONVERSATION_CLASS_PRE_SALES,
          kind: PatternKind.PATTERN_KIND_KEYWORD,
          pattern: '改+',
          priority: 10,
          enabled: true,
        },
      })
      .catch((e) => e);
    expect(error.code).toBe(status.INVALID_ARGUMENT);
    expect(error.details).toContain('rule.pattern');
  });
});
