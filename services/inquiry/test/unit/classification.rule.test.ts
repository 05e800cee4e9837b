import { ConversationClass } from '@cs/contracts/cs/inquiry/v1/conversation';
import { PatternKind } from '@cs/contracts/cs/inquiry/v1/rules_service';
import { describe, expect, it } from 'vitest';
import { classify, isValidKeyword, type TextRule, teamFor } from '../../src/domain/classification.rule.js';

const rule = (
  id: string,
  cls: ConversationClass,
  pattern: string,
  priority = 10,
  kind = PatternKind.PATTERN_KIND_KEYWORD,
): TextRule => ({
  id,
  conversationClass: cls,
  kind,
  pattern,
  priority,
  enabled: true,
});

const rules: TextRule[] = [
  rule('address', ConversationClass.CONVERSATION_CLASS_ORDER_CHANGE, '改地址', 50),
  rule(
    'address-en',
    ConversationClass.CONVERSATION_CLASS_ORDER_CHANGE,
    'change (my |the )?address',
    50,
    PatternKind.PATTERN_KIND_REGEX,
  ),
  rule('tracking', ConversationClass.CONVERSATION_CLASS_PARCEL_TRACKING, '物流', 40),
  rule('refund', ConversationClass.CONVERSATION_CLASS_AFTER_SALES, '退款', 60),
  rule('complaint', ConversationClass.CONVERSATION_CLASS_COMPLAINT, '投诉', 90),
  rule('stock', ConversationClass.CONVERSATION_CLASS_PRE_SALES, 'in stock', 20),
];

describe('classification by rules (分类处理)', () => {
  it('a Chinese keyword decides the class: 改地址 is an order change', () => {
    expect(classify('你好，我想改地址', rules)).toEqual({
      conversationClass: ConversationClass.CONVERSATION_CLASS_ORDER_CHANGE,
      ruleId: 'address',
    });
  });

  it('an English pattern matches case-insensitively', () => {
    expect(classify('Can I CHANGE MY ADDRESS please?', rules).ruleId).toBe('address-en');
    expect(classify('Is the blue mug IN STOCK?', rules).conversationClass).toBe(
      ConversationClass.CONVERSATION_CLASS_PRE_SALES,
    );
  });

  it('when several rules match, the highest priority wins: a complaint about a refund is a complaint', () => {
    expect(classify('退款一直不到，我要投诉', rules).conversationClass).toBe(
      ConversationClass.CONVERSATION_CLASS_COMPLAINT,
    );
  });

  it('equal priorities are decided by rule id, never by load order', () => {
    const a = rule('a', ConversationClass.CONVERSATION_CLASS_PRE_SALES, '价格', 5);
    const b = rule('b', ConversationClass.CONVERSATION_CLASS_OTHER, '价格', 5);
    expect(classify('价格多少', [b, a]).ruleId).toBe('a');
    expect(classify('价格多少', [a, b]).ruleId).toBe('a');
  });

  it('a disabled rule is ignored', () => {
    const disabled = {
      ...rule('complaint', ConversationClass.CONVERSATION_CLASS_COMPLAINT, '投诉', 90),
      enabled: false,
    };
    expect(classify('我要投诉', [disabled]).conversationClass).toBe(ConversationClass.CONVERSATION_CLASS_OTHER);
  });

  it('nothing matches: OTHER, with no rule', () => {
    expect(classify('你好', rules)).toEqual({ conversationClass: ConversationClass.CONVERSATION_CLASS_OTHER });
  });

  it('each class routes to its team queue', () => {
    expect(teamFor(ConversationClass.CONVERSATION_CLASS_PARCEL_TRACKING)).toBe('tracking');
    expect(teamFor(ConversationClass.CONVERSATION_CLASS_COMPLAINT)).toBe('complaints');
    expect(teamFor(ConversationClass.CONVERSATION_CLASS_OTHER)).toBe('general');
  });

  it('a keyword stands for its synonyms and common typos: 改地址 matches 修改收货地址 only through "改+地址"', () => {
    const combo = [rule('addr', ConversationClass.CONVERSATION_CLASS_ORDER_CHANGE, '改+地址', 75)];
    for (const text of ['我要修改收货地址', '能改一下地址吗', '地址写错了，帮我更改', '地趾写错了能改吗'])
      expect(classify(text, combo).ruleId).toBe('addr');
    expect(classify('地址是哪里', combo).conversationClass).toBe(ConversationClass.CONVERSATION_CLASS_OTHER);
  });

  it('traditional characters and full-width letters read as simplified and half-width', () => {
    expect(classify('我投訴你們', rules).ruleId).toBe('complaint');
    expect(classify('ＩＮ ＳＴＯＣＫ？', rules).ruleId).toBe('stock');
  });

  it('English keywords match whole words with their endings folded, not inside other words', () => {
    const en = [rule('ret', ConversationClass.CONVERSATION_CLASS_AFTER_SALES, 'return', 70)];
    expect(classify('I want to return it', en).ruleId).toBe('ret');
    expect(classify('Returned it yesterday', en).ruleId).toBe('ret');
    expect(classify('returnable?', en).conversationClass).toBe(ConversationClass.CONVERSATION_CLASS_OTHER);
  });

  it('a keyword with an empty "+" term is refused when saved', () => {
    expect(isValidKeyword('改+地址')).toBe(true);
    expect(isValidKeyword('改++地址')).toBe(false);
    expect(isValidKeyword('改+')).toBe(false);
  });

  it('weights: between classes whose best rules weigh the same, more matching evidence wins', () => {
    const weighted = [
      rule('a-ship', ConversationClass.CONVERSATION_CLASS_PARCEL_TRACKING, '发货', 40),
      rule('b-stock', ConversationClass.CONVERSATION_CLASS_PRE_SALES, '有货', 40),
      rule('b-price', ConversationClass.CONVERSATION_CLASS_PRE_SALES, '多少钱', 20),
    ];
    expect(classify('有货吗，多少钱，什么时候发货', weighted).ruleId).toBe('b-stock');
    expect(classify('有货吗，什么时候发货', weighted).ruleId).toBe('a-ship');
  });
});
