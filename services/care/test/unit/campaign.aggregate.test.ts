import { describe, expect, it } from 'vitest';
import { type CampaignDraft, checkCampaignDraft } from '../../src/domain/campaign.aggregate.js';
import { campaignMessageId } from '../../src/domain/outbound-message.js';

const draft = (overrides: Partial<CampaignDraft> = {}): CampaignDraft => ({
  name: '新年问候',
  segmentId: 'seg-1',
  purpose: 'marketing',
  channels: ['sms'],
  subject: '',
  body: '新年快乐！券码 {coupon}',
  couponCode: 'NY2027',
  ...overrides,
});
const fields = (d: CampaignDraft, given = d.channels.length) => {
  try {
    checkCampaignDraft(d, given).throwIfAny();
    return [];
  } catch (error) {
    return (error as { violations: { field: string }[] }).violations.map((v) => v.field);
  }
};

describe('a campaign says what it sends, to whom, on which channels', () => {
  it('a complete marketing SMS campaign is accepted', () => {
    expect(fields(draft())).toEqual([]);
  });

  it('email needs a subject line; SMS and IM do not', () => {
    expect(fields(draft({ channels: ['email'] }))).toEqual(['subject']);
    expect(fields(draft({ channels: ['im', 'sms'] }))).toEqual([]);
  });

  it('a body naming {coupon} needs the coupon code', () => {
    expect(fields(draft({ couponCode: '' }))).toEqual(['coupon_code']);
  });

  it('purpose and at least one distinct known channel are required', () => {
    expect(fields(draft({ purpose: undefined, channels: [] }))).toEqual(['purpose', 'channels']);
    expect(fields(draft({ channels: ['sms', 'sms'] }))).toEqual(['channels']);
    expect(fields(draft({ channels: ['sms'] }), 2)).toEqual(['channels']);
  });
});

describe('one message per campaign x customer x channel', () => {
  it('the message id is the same on every attempt and differs by customer and channel', () => {
    const id = campaignMessageId('camp-1', 'buyer-1', 'sms');
    expect(campaignMessageId('camp-1', 'buyer-1', 'sms')).toBe(id);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(campaignMessageId('camp-1', 'buyer-1', 'email')).not.toBe(id);
    expect(campaignMessageId('camp-1', 'buyer-2', 'sms')).not.toBe(id);
    expect(campaignMessageId('camp-2', 'buyer-1', 'sms')).not.toBe(id);
  });
});
