import { ConversationClass, Priority } from '@cs/contracts/cs/inquiry/v1/conversation';
import { PatternKind } from '@cs/contracts/cs/inquiry/v1/rules_service';

// Seeded once by the first migration; after that the department edits them over the API.
// Frozen with the migration: changing these later changes nothing in a running database. Migration
// 0008 replaces the ones still as seeded with the second seed (classification-rules-v2.ts).

const K = PatternKind.PATTERN_KIND_KEYWORD;
const R = PatternKind.PATTERN_KIND_REGEX;
const C = ConversationClass;

const seed: Array<[ConversationClass, number, PatternKind, string[]]> = [
  [C.CONVERSATION_CLASS_COMPLAINT, 90, K, ['投诉', '12315', '举报', '差劲', 'complain']],
  [
    C.CONVERSATION_CLASS_AFTER_SALES,
    70,
    K,
    ['退货', '退款', '换货', '维修', '补发', '破损', '坏了', 'refund', 'broken'],
  ],
  [C.CONVERSATION_CLASS_AFTER_SALES, 70, R, ['\\b(return|exchange|repair)\\b']],
  [
    C.CONVERSATION_CLASS_ORDER_CHANGE,
    60,
    K,
    ['改地址', '修改地址', '地址写错', '改颜色', '改尺码', '取消订单', '发票'],
  ],
  [
    C.CONVERSATION_CLASS_ORDER_CHANGE,
    60,
    R,
    ['change (my |the )?(shipping |delivery )?address', 'cancel (my |the )?order'],
  ],
  [C.CONVERSATION_CLASS_PARCEL_TRACKING, 50, K, ['查件', '物流', '快递', '到哪了', '还没到', '单号', 'tracking']],
  [C.CONVERSATION_CLASS_PARCEL_TRACKING, 50, R, ['where is my (parcel|package|order)']],
  [
    C.CONVERSATION_CLASS_PRE_SALES,
    30,
    K,
    ['有货', '库存', '优惠', '包邮', '多少钱', '尺码', '发货时间', 'in stock', 'discount', 'price'],
  ],
];

export const defaultRules = seed.flatMap(([conversationClass, priority, kind, patterns]) =>
  patterns.map((pattern, i) => ({
    id: `seed-${conversationClass.replace('CONVERSATION_CLASS_', '').toLowerCase()}-${kind === R ? 're' : 'kw'}-${i + 1}`,
    conversationClass,
    kind,
    pattern,
    priority,
  })),
);

const targets = {
  [Priority.PRIORITY_NORMAL]: [3, 5, 240],
  [Priority.PRIORITY_HIGH]: [2, 3, 120],
  [Priority.PRIORITY_URGENT]: [1, 2, 60],
} as const;

export const defaultSlaPolicies = Object.values(ConversationClass)
  .filter((c) => c !== ConversationClass.CONVERSATION_CLASS_UNSPECIFIED)
  .flatMap((conversationClass) =>
    Object.entries(targets).map(([priority, [first, next, resolution]]) => ({
      conversationClass,
      priority,
      firstResponseMinutes: first,
      nextResponseMinutes: next,
      resolutionMinutes: resolution,
    })),
  );
