import { ConversationClass } from '@cs/contracts/cs/inquiry/v1/conversation';
import { PatternKind } from '@cs/contracts/cs/inquiry/v1/rules_service';

// The second seed of classification rules (migration 0008), read through the synonym groups of
// domain/classification.synonyms.ts: one keyword here stands for every spelling of its group, and
// "a+b" needs both. Priorities are weights: the heaviest matching rule decides (classify()).
// Frozen with the migration like the first seed: later edits go through the rules API.

const K = PatternKind.PATTERN_KIND_KEYWORD;
const R = PatternKind.PATTERN_KIND_REGEX;
const C = ConversationClass;

type Seed = [name: string, ConversationClass, number, PatternKind, string[]];

const seed: Seed[] = [
  ['complaint', C.CONVERSATION_CLASS_COMPLAINT, 90, K, ['投诉', '举报', '骗子', '差评', '态度差', '领导', '说法']],
  ['complaint-neglect', C.CONVERSATION_CLASS_COMPLAINT, 90, K, ['没人理']],
  // An order change made specific by what changes: outweighs a loose after-sales or tracking word.
  [
    'order-change-combo',
    C.CONVERSATION_CLASS_ORDER_CHANGE,
    75,
    K,
    ['改+地址', '改+颜色', '改+尺码', '改+码', '取消+订单', '拍错'],
  ],
  [
    'after-sales',
    C.CONVERSATION_CLASS_AFTER_SALES,
    70,
    K,
    ['退货', '退款', '换货', '坏了', '少发', '质量问题', '维修', '补发'],
  ],
  ['after-sales-received', C.CONVERSATION_CLASS_AFTER_SALES, 80, K, ['收到+取消', '收到+改']],
  ['order-change', C.CONVERSATION_CLASS_ORDER_CHANGE, 60, K, ['取消', '发票', '开票', '地址+写错']],
  [
    'order-change-en',
    C.CONVERSATION_CLASS_ORDER_CHANGE,
    60,
    R,
    ['change (my |the )?(shipping |delivery )?address', 'cancel (my |the )?order'],
  ],
  [
    'tracking',
    C.CONVERSATION_CLASS_PARCEL_TRACKING,
    50,
    K,
    ['快递', '到哪', '单号', '签收', '查件', '催+发货', '还没+发货', 'arrive'],
  ],
  [
    'tracking-en',
    C.CONVERSATION_CLASS_PARCEL_TRACKING,
    50,
    R,
    ['where is my (parcel|package|order)', "(has ?n[o']t|not) arrived"],
  ],
  // Which courier the shop uses is asked before buying: outweighs the tracking word 快递.
  ['pre-sales-courier', C.CONVERSATION_CLASS_PRE_SALES, 55, K, ['发什么快递']],
  [
    'pre-sales',
    C.CONVERSATION_CLASS_PRE_SALES,
    30,
    K,
    ['有货', '价格', '包邮', '什么码', '赠品', '材质', '发货+什么时候', '发货时间', '尺码'],
  ],
];

export const classificationRulesV2 = seed.flatMap(([name, conversationClass, priority, kind, patterns]) =>
  patterns.map((pattern, i) => ({
    id: `seed-v2-${name}-${i + 1}`,
    conversationClass,
    kind,
    pattern,
    priority,
  })),
);
