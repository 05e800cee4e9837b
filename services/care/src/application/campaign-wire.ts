import type {
  SegmentRules as WireRules,
  CampaignRun as WireRun,
  Segment as WireSegment,
} from '@cs/contracts/cs/care/v1/campaigns_service';
import { RunState } from '@cs/contracts/cs/care/v1/campaigns_service';
import { LifecycleStage, Tier } from '@cs/contracts/cs/care/v1/customer';
import { Channel, MessagePurpose, MessageState } from '@cs/contracts/cs/care/v1/message';
import type { Timestamp } from '@cs/contracts/google/protobuf/timestamp';
import type { Violations } from '@cs/errors';
import type { MessageChannel, MessagePurpose as Purpose } from '../domain/message-channel.js';
import type { OutboundState } from '../domain/outbound-message.js';
import type { SegmentRules } from '../domain/segment-rules.js';
import type { CampaignRun } from '../infrastructure/campaign-run.store.js';
import type { Segment } from '../infrastructure/segment.store.js';

/** Proto ↔ domain for campaigns: the rules never see wire enums or Timestamps. */

export const toTimestamp = (date: Date): Timestamp => {
  const millis = date.getTime();
  return { seconds: Math.floor(millis / 1000), nanos: (millis % 1000) * 1_000_000 };
};
export const fromTimestamp = (timestamp: Timestamp): Date =>
  new Date(timestamp.seconds * 1000 + Math.floor(timestamp.nanos / 1_000_000));

const channels: Partial<Record<string, MessageChannel>> = {
  [Channel.CHANNEL_SMS]: 'sms',
  [Channel.CHANNEL_EMAIL]: 'email',
  [Channel.CHANNEL_IM]: 'im',
};
export const toWireChannel = {
  sms: Channel.CHANNEL_SMS,
  email: Channel.CHANNEL_EMAIL,
  im: Channel.CHANNEL_IM,
} as const;

/** The domain channel, or undefined (and a violation on `field`) for UNSPECIFIED or unknown values. */
export function channelOf(
  value: Channel | undefined,
  field: string,
  violations: Violations,
): MessageChannel | undefined {
  const channel = value ? channels[value] : undefined;
  if (!channel) violations.add(field, 'must be SMS, EMAIL or IM');
  return channel;
}

export const channelsOf = (values: Channel[]): MessageChannel[] =>
  values.map((value) => channels[value]).filter((channel): channel is MessageChannel => channel !== undefined);

export function purposeOf(value: MessagePurpose | undefined): Purpose | undefined {
  if (value === MessagePurpose.MESSAGE_PURPOSE_MARKETING) return 'marketing';
  if (value === MessagePurpose.MESSAGE_PURPOSE_TRANSACTIONAL) return 'transactional';
  return undefined;
}

export const toWirePurpose = (purpose: Purpose): MessagePurpose =>
  purpose === 'marketing' ? MessagePurpose.MESSAGE_PURPOSE_MARKETING : MessagePurpose.MESSAGE_PURPOSE_TRANSACTIONAL;

const stateNames: Record<OutboundState, MessageState> = {
  queued: MessageState.MESSAGE_STATE_QUEUED,
  sent: MessageState.MESSAGE_STATE_SENT,
  held: MessageState.MESSAGE_STATE_HELD,
  skipped_by_cap: MessageState.MESSAGE_STATE_SKIPPED_BY_CAP,
  skipped_by_opt_out: MessageState.MESSAGE_STATE_SKIPPED_BY_OPT_OUT,
  failed: MessageState.MESSAGE_STATE_FAILED,
  delivered: MessageState.MESSAGE_STATE_DELIVERED,
};
export const toWireState = (state: OutboundState): MessageState => stateNames[state];

/** LIFECYCLE_STAGE_FIRST_BUYER → first_buyer, TIER_GOLD → gold: the profile's stored names. */
const enumName = (value: string, prefix: string) => value.slice(prefix.length).toLowerCase();
const enumValue = (name: string, prefix: string) => `${prefix}${name.toUpperCase()}`;

/** The domain's rules from the request's, naming each bad field under `field`. */
export function rulesOf(wire: WireRules | undefined, field: string, violations: Violations): SegmentRules {
  const rules = wire ?? {
    lifecycleStages: [],
    tiers: [],
    tags: [],
    boughtSkus: [],
    boughtCategories: [],
    interests: [],
    lastPurchaseAfter: undefined,
    lastPurchaseBefore: undefined,
  };
  rules.lifecycleStages.forEach((stage, index) => {
    if (!Object.values(LifecycleStage).includes(stage) || stage === LifecycleStage.LIFECYCLE_STAGE_UNSPECIFIED)
      violations.add(`${field}.lifecycle_stages[${index}]`, 'must be a lifecycle stage');
  });
  rules.tiers.forEach((tier, index) => {
    if (!Object.values(Tier).includes(tier) || tier === Tier.TIER_UNSPECIFIED)
      violations.add(`${field}.tiers[${index}]`, 'must be a tier');
  });
  const time = (value: Timestamp | undefined, name: string) => {
    if (!value) return undefined;
    if (!Number.isSafeInteger(value.seconds) || value.seconds < 0 || value.nanos < 0 || value.nanos > 999_999_999) {
      violations.add(`${field}.${name}`, 'must be a valid time');
      return undefined;
    }
    return fromTimestamp(value);
  };
  return {
    lifecycleStages: rules.lifecycleStages.map((stage) => enumName(stage, 'LIFECYCLE_STAGE_')),
    tiers: rules.tiers.map((tier) => enumName(tier, 'TIER_')),
    tags: rules.tags,
    lastPurchaseBefore: time(rules.lastPurchaseBefore, 'last_purchase_before'),
    lastPurchaseAfter: time(rules.lastPurchaseAfter, 'last_purchase_after'),
    boughtSkus: rules.boughtSkus,
    boughtCategories: rules.boughtCategories,
    interests: rules.interests,
  };
}

export function toWireSegment(segment: Segment): WireSegment {
  const { rules } = segment;
  return {
    segmentId: segment.segmentId,
    name: segment.name,
    rules: {
      lifecycleStages: rules.lifecycleStages.map((stage) => enumValue(stage, 'LIFECYCLE_STAGE_') as LifecycleStage),
      tiers: rules.tiers.map((tier) => enumValue(tier, 'TIER_') as Tier),
      tags: rules.tags,
      lastPurchaseBefore: rules.lastPurchaseBefore && toTimestamp(rules.lastPurchaseBefore),
      lastPurchaseAfter: rules.lastPurchaseAfter && toTimestamp(rules.lastPurchaseAfter),
      boughtSkus: rules.boughtSkus,
      boughtCategories: rules.boughtCategories,
      interests: rules.interests,
    },
    definedAt: toTimestamp(segment.definedAt),
  };
}

export function toWireRun(run: CampaignRun): WireRun {
  return {
    runId: run.runId,
    campaignId: run.campaignId,
    state: run.state === 'running' ? RunState.RUN_STATE_RUNNING : RunState.RUN_STATE_COMPLETED,
    progress: { ...run.progress },
    startedAt: toTimestamp(run.startedAt),
    completedAt: run.completedAt && toTimestamp(run.completedAt),
  };
}
