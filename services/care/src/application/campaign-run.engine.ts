import { transactionWithRetry } from '@cs/persistence';
import { CONFIG, LOGGER } from '@cs/service-kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { CareConfig } from '../care.config.js';
import type { Campaign } from '../domain/campaign.aggregate.js';
import { noConsent } from '../domain/channel-consent.js';
import { capWindows, type MarketingSentCounts } from '../domain/frequency-cap.rule.js';
import { decideMessage, type MessageDecision } from '../domain/message-eligibility.rule.js';
import { personalise } from '../domain/opt-out-line.rule.js';
import { campaignMessageId, type OutboundMessage, type OutboundState } from '../domain/outbound-message.js';
import { quietHoursHoldUntil } from '../domain/quiet-hours.rule.js';
import { emptyProgress, type RunProgress } from '../domain/run-progress.js';
import { matchesSegment } from '../domain/segment.rule.js';
import { CampaignStore } from '../infrastructure/campaign.store.js';
import { type CampaignRun, CampaignRunStore } from '../infrastructure/campaign-run.store.js';
import { ConsentStore } from '../infrastructure/consent.store.js';
import { OutboundMessageStore } from '../infrastructure/outbound-message.store.js';
import { SegmentStore } from '../infrastructure/segment.store.js';
import { MessageComposer } from './message-composer.js';
import { requestDispatches } from './message-dispatch.js';

const stateOf: Record<MessageDecision['kind'], OutboundState> = {
  send: 'sent',
  hold: 'held',
  'skip-cap': 'skipped_by_cap',
  'skip-opt-out': 'skipped_by_opt_out',
};

export type StepOutcome = 'advanced' | 'completed' | 'busy';

/**
 * Runs a campaign through its segment one keyset page at a time. Each page is one transaction:
 * the run row locked, every customer x channel decided by the handbook's rules, the messages
 * recorded (unique per campaign x customer x channel), SMS/IM dispatch events in the outbox, the
 * cursor and counts moved. A crash loses at most the page in flight, which is decided again on
 * restart; nobody gets a second copy. Email is queued here and sent by the mail sender.
 */
@Injectable()
export class CampaignRunEngine {
  private lastLog = new Map<string, number>();

  constructor(
    private readonly orm: MikroORM,
    @Inject(CONFIG) private readonly config: CareConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly campaigns: CampaignStore,
    private readonly runs: CampaignRunStore,
    private readonly segments: SegmentStore,
    private readonly consents: ConsentStore,
    private readonly messages: OutboundMessageStore,
    private readonly composer: MessageComposer,
  ) {}

  /** Continues every running run until it completes or another replica holds it. */
  async continueRuns(shouldStop: () => boolean = () => false): Promise<void> {
    const runIds = await this.runs.running(this.orm.em.fork());
    for (const runId of runIds) {
      while (!shouldStop()) {
        const outcome = await this.step(runId);
        if (outcome !== 'advanced') break;
      }
    }
  }

  /** Decides one page of the run's segment. */
  async step(runId: string, now = new Date()): Promise<StepOutcome> {
    const result = await transactionWithRetry(this.orm, async (em) => {
      const run = await this.runs.lockRunning(em, runId);
      if (!run) return { outcome: 'busy' as const };
      const campaign = await this.campaigns.get(em, run.campaignId);
      const segment = campaign && (await this.segments.get(em, campaign.segmentId));
      if (!campaign || !segment) throw new Error(`campaign run ${runId} lost its campaign or segment`);
      const page = await this.segments.page(
        em,
        segment.rules,
        run.cursor,
        this.config.careCampaignBatchSize,
        campaign.channels.includes('im'),
      );
      if (!page.length) {
        await this.runs.complete(em, runId, now);
        return { outcome: 'completed' as const, run };
      }
      const members = page.filter((member) => matchesSegment(member, segment.rules));
      const added = await this.decidePage(em, campaign, members, now);
      await this.runs.advance(em, runId, page[page.length - 1]?.customerId as string, added);
      return { outcome: 'advanced' as const, run, added };
    });
    if (result.outcome !== 'busy') this.logProgress(runId, result.outcome, result.run, result.added);
    return result.outcome;
  }

  private async decidePage(
    em: EntityManager,
    campaign: Campaign,
    members: Awaited<ReturnType<SegmentStore['page']>>,
    now: Date,
  ): Promise<RunProgress> {
    const progress = emptyProgress();
    const ids = members.map((member) => member.customerId);
    const consents = await this.consents.ofCustomers(em, ids);
    const { careQuietHours: quiet, shopTimezone: timeZone } = this.config;
    // Caps count on the shop day the message reaches the customer: tomorrow for one held tonight.
    const reachesAt = quietHoursHoldUntil(now, timeZone, quiet) ?? now;
    const marketing = campaign.purpose === 'marketing';
    const counts = marketing
      ? await this.messages.lockedMarketingCounts(em, ids, capWindows(reachesAt, timeZone))
      : new Map<string, MarketingSentCounts>();
    const caps = { perDay: this.config.careCampaignDailyCap, perWeek: this.config.careCampaignWeeklyCap };
    const text = personalise(campaign.body, campaign.couponCode);
    const decided: OutboundMessage[] = [];
    for (const member of members) {
      progress.targeted++;
      // A campaign's copies on several channels are one marketing contact for the caps.
      const sent = counts.get(member.customerId) ?? { today: 0, thisWeek: 0 };
      for (const channel of campaign.channels) {
        const stored = consents.get(member.customerId)?.get(channel) ?? noConsent;
        const consent = { ...stored, address: stored.address || member.profileAddress[channel] };
        const decision = decideMessage({ purpose: campaign.purpose, consent, sent, caps, quiet, timeZone, now });
        const reaches = decision.kind === 'send' || decision.kind === 'hold';
        // Email goes to the mail server after commit; it counts as sent once the server took it.
        const state = decision.kind === 'send' && channel === 'email' ? 'queued' : stateOf[decision.kind];
        decided.push({
          messageId: campaignMessageId(campaign.campaignId, member.customerId, channel),
          campaignId: campaign.campaignId,
          reference: '',
          customerId: member.customerId,
          channel,
          purpose: campaign.purpose,
          state,
          reason: decision.kind === 'skip-opt-out' ? decision.reason : '',
          address: reaches ? consent.address : '',
          subject: channel === 'email' ? campaign.subject : '',
          text: reaches ? this.composer.compose(text, campaign.purpose, member.customerId, channel) : '',
          dueAt: decision.kind === 'hold' ? decision.until : state === 'queued' ? now : undefined,
          countedAt: reaches ? (decision.kind === 'hold' ? decision.until : now) : undefined,
        });
      }
    }
    const written = await this.messages.addMany(em, decided, now);
    const dispatches: OutboundMessage[] = [];
    for (const message of decided) {
      if (!written.has(message.messageId)) continue;
      if (message.state === 'sent') {
        dispatches.push(message);
        progress.sent++;
      } else if (message.state === 'held') progress.held++;
      else if (message.state === 'skipped_by_cap') progress.skippedByCap++;
      else if (message.state === 'skipped_by_opt_out') progress.skippedByOptOut++;
    }
    await requestDispatches(em, dispatches, now);
    await this.messages.addToTimelines(em, dispatches, now);
    return progress;
  }

  /** Progress in the logs while a run goes: at most once a second per run, and at its end. */
  private logProgress(runId: string, outcome: StepOutcome, run?: CampaignRun, added?: RunProgress): void {
    const last = this.lastLog.get(runId) ?? 0;
    if (outcome === 'advanced' && Date.now() - last < 1_000) return;
    this.lastLog.set(runId, Date.now());
    if (outcome === 'completed') this.lastLog.delete(runId);
    const progress = run && added ? sum(run.progress, added) : run?.progress;
    this.logger.info(
      { runId, campaignId: run?.campaignId, state: outcome === 'completed' ? 'completed' : 'running', progress },
      outcome === 'completed' ? 'campaign run completed' : 'campaign run progress',
    );
  }
}

function sum(a: RunProgress, b: RunProgress): RunProgress {
  const total = { ...a };
  for (const key of Object.keys(b) as (keyof RunProgress)[]) total[key] += b[key];
  return total;
}
