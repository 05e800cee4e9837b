import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { Campaign } from '../domain/campaign.aggregate.js';
import type { MessageChannel, MessagePurpose } from '../domain/message-channel.js';

interface CampaignRow {
  campaign_id: string;
  name: string;
  segment_id: string;
  purpose: MessagePurpose;
  channels: MessageChannel[];
  subject: string;
  body: string;
  coupon_code: string;
  created_by: string;
  created_at: Date;
}

@Injectable()
export class CampaignStore {
  async add(em: EntityManager, campaign: Campaign): Promise<void> {
    await em.execute(
      `insert into campaigns (campaign_id, name, segment_id, purpose, channels, subject, body, coupon_code, created_by, created_at)
       values (?, ?, ?, ?, array[?]::text[], ?, ?, ?, ?, ?)`,
      [
        campaign.campaignId,
        campaign.name,
        campaign.segmentId,
        campaign.purpose,
        campaign.channels,
        campaign.subject,
        campaign.body,
        campaign.couponCode,
        campaign.createdBy,
        campaign.createdAt,
      ],
    );
  }

  async get(em: EntityManager, campaignId: string): Promise<Campaign | undefined> {
    const [row] = await em.execute<CampaignRow[]>('select * from campaigns where campaign_id = ?', [campaignId]);
    if (!row) return undefined;
    return {
      campaignId: row.campaign_id,
      name: row.name,
      segmentId: row.segment_id,
      purpose: row.purpose,
      channels: row.channels,
      subject: row.subject,
      body: row.body,
      couponCode: row.coupon_code,
      createdBy: row.created_by,
      createdAt: new Date(row.created_at),
    };
  }
}
