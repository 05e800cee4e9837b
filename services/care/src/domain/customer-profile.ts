import type { LifecycleStage } from './lifecycle-stage.rule.js';
import type { TierName } from './tier.rule.js';

export type ContactChannelName = 'phone' | 'email' | 'marketplace_im' | 'wechat' | 'social_dm';

export interface ContactChannelRecord {
  channel: ContactChannelName;
  address: string;
  lastSeenAt: Date;
}

export interface CustomerNoteRecord {
  noteId: string;
  body: string;
  authorId: string;
  authorName: string;
  createdAt: Date;
}

/** A buyer as care knows them: what other services told us, and what care agents keep by hand. */
export interface CustomerProfileRecord {
  customerId: string;
  displayName: string;
  phone: string;
  email: string;
  groupName: string;
  tags: string[];
  lifecycleStage: LifecycleStage;
  tier: TierName;
  paidOrders: number;
  totalSpendFen: number;
  currency: string;
  lastPurchaseAt: Date | null;
  firstSeenAt: Date;
  lastContactAt: Date | null;
  pointsBalance: number;
  version: number;
}

/** The figures recomputed from the order facts whenever one changes (so arrival order does not matter). */
export interface PurchaseFigures {
  paidOrders: number;
  totalSpendFen: number;
  lastPurchaseAt: Date | null;
}
