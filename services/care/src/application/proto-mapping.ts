import {
  ContactChannelKind,
  type CustomerProfile,
  LifecycleStage,
  Tier,
  type TimelineEntry,
  TimelineEntryKind,
} from '@cs/contracts/cs/care/v1/customer';
import type {
  ContactChannelName,
  ContactChannelRecord,
  CustomerNoteRecord,
  CustomerProfileRecord,
} from '../domain/customer-profile.js';
import type { LifecycleStage as Stage } from '../domain/lifecycle-stage.rule.js';
import type { TierName } from '../domain/tier.rule.js';
import type { TimelineRow } from '../infrastructure/timeline.store.js';
import { optionalTimestamp, toTimestamp } from './timestamps.js';

export const stageToProto: Record<Stage, LifecycleStage> = {
  prospect: LifecycleStage.LIFECYCLE_STAGE_PROSPECT,
  first_buyer: LifecycleStage.LIFECYCLE_STAGE_FIRST_BUYER,
  returning: LifecycleStage.LIFECYCLE_STAGE_RETURNING,
  loyal: LifecycleStage.LIFECYCLE_STAGE_LOYAL,
};

export const tierToProto: Record<TierName, Tier> = {
  standard: Tier.TIER_STANDARD,
  silver: Tier.TIER_SILVER,
  gold: Tier.TIER_GOLD,
  platinum: Tier.TIER_PLATINUM,
};

export const channelToProto: Record<ContactChannelName, ContactChannelKind> = {
  phone: ContactChannelKind.CONTACT_CHANNEL_KIND_PHONE,
  email: ContactChannelKind.CONTACT_CHANNEL_KIND_EMAIL,
  marketplace_im: ContactChannelKind.CONTACT_CHANNEL_KIND_MARKETPLACE_IM,
  wechat: ContactChannelKind.CONTACT_CHANNEL_KIND_WECHAT,
  social_dm: ContactChannelKind.CONTACT_CHANNEL_KIND_SOCIAL_DM,
};

export const channelFromProto = (kind: ContactChannelKind): ContactChannelName | undefined =>
  (Object.keys(channelToProto) as ContactChannelName[]).find((name) => channelToProto[name] === kind);

const timelineKinds: Record<TimelineRow['kind'], TimelineEntryKind> = {
  contact: TimelineEntryKind.TIMELINE_ENTRY_KIND_CONTACT,
  order: TimelineEntryKind.TIMELINE_ENTRY_KIND_ORDER,
  case: TimelineEntryKind.TIMELINE_ENTRY_KIND_CASE,
  complaint: TimelineEntryKind.TIMELINE_ENTRY_KIND_COMPLAINT,
  survey: TimelineEntryKind.TIMELINE_ENTRY_KIND_SURVEY,
  message: TimelineEntryKind.TIMELINE_ENTRY_KIND_MESSAGE,
  revisit: TimelineEntryKind.TIMELINE_ENTRY_KIND_REVISIT,
  loyalty: TimelineEntryKind.TIMELINE_ENTRY_KIND_LOYALTY,
};

export function timelineEntryToProto(row: TimelineRow): TimelineEntry {
  return {
    entryId: row.entryId,
    kind: timelineKinds[row.kind],
    occurredAt: toTimestamp(row.occurredAt),
    refKind: row.refKind,
    refId: row.refId,
    summary: row.summary,
  };
}

export function profileToProto(
  profile: CustomerProfileRecord,
  channels: ContactChannelRecord[],
  notes: CustomerNoteRecord[],
): CustomerProfile {
  return {
    customerId: profile.customerId,
    displayName: profile.displayName,
    phone: profile.phone,
    email: profile.email,
    contactChannels: channels.map((c) => ({
      kind: channelToProto[c.channel],
      address: c.address,
      lastSeenAt: toTimestamp(c.lastSeenAt),
    })),
    tags: profile.tags,
    group: profile.groupName,
    notes: notes.map((n) => ({
      customerId: profile.customerId,
      noteId: n.noteId,
      body: n.body,
      authorId: n.authorId,
      authorName: n.authorName,
      createdAt: toTimestamp(n.createdAt),
    })),
    lifecycleStage: stageToProto[profile.lifecycleStage],
    tier: tierToProto[profile.tier],
    paidOrders: profile.paidOrders,
    totalSpend: { amountMinor: profile.totalSpendFen, currency: profile.currency },
    lastPurchaseAt: optionalTimestamp(profile.lastPurchaseAt),
    firstSeenAt: toTimestamp(profile.firstSeenAt),
    lastContactAt: optionalTimestamp(profile.lastContactAt),
    pointsBalance: profile.pointsBalance,
    version: profile.version,
  };
}
