import { Violations } from '@cs/errors';
import type { MessageChannel, MessagePurpose } from './message-channel.js';

/** A greeting or coupon to a segment, on one or more channels. Immutable once created. */
export interface Campaign {
  campaignId: string;
  name: string;
  segmentId: string;
  purpose: MessagePurpose;
  channels: MessageChannel[];
  subject: string;
  body: string;
  couponCode: string;
  createdAt: Date;
  createdBy: string;
}

export type CampaignDraft = Omit<Campaign, 'campaignId' | 'createdAt' | 'createdBy' | 'purpose'> & {
  purpose: MessagePurpose | undefined;
};

/** What a campaign must say before anyone gets it; names each bad request field. */
export function checkCampaignDraft(draft: CampaignDraft, channelsGiven: number): Violations {
  const violations = new Violations().require('name', draft.name).require('segment_id', draft.segmentId);
  if (draft.name.length > 200) violations.add('name', 'must be at most 200 characters');
  if (!draft.purpose) violations.add('purpose', 'must be MARKETING or TRANSACTIONAL');
  if (channelsGiven === 0) violations.add('channels', 'must name at least one channel');
  if (draft.channels.length !== channelsGiven) violations.add('channels', 'must be SMS, EMAIL or IM');
  if (new Set(draft.channels).size !== draft.channels.length) violations.add('channels', 'must not repeat a channel');
  if (draft.channels.includes('email')) violations.require('subject', draft.subject, 'is required for email');
  if (draft.subject.length > 200) violations.add('subject', 'must be at most 200 characters');
  violations.require('body', draft.body);
  // An SMS of more than ~500 characters is split into many billed parts by carriers.
  if (draft.body.length > 2000) violations.add('body', 'must be at most 2000 characters');
  if (draft.body.includes('{coupon}') && !draft.couponCode.trim()) {
    violations.add('coupon_code', 'is required when the body names {coupon}');
  }
  if (draft.couponCode.length > 64) violations.add('coupon_code', 'must be at most 64 characters');
  return violations;
}
