import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import {
  ClassificationSource,
  ConversationStatus,
  MessageKind,
  Priority,
} from '@cs/contracts/cs/inquiry/v1/conversation';
import type { IngestMessageRequest, IngestMessageResponse } from '@cs/contracts/cs/inquiry/v1/conversations_service';
import { type CommandDecision, type LeanCommand, type LeanStep, numbered } from '@cs/persistence';
import { rankCandidates } from '../domain/assignment.rule.js';
import { classify, teamFor } from '../domain/classification.rule.js';
import { Conversation } from '../domain/conversation.aggregate.js';
import { AgentStore } from '../infrastructure/agent.store.js';
import type { InquiryCommands } from '../infrastructure/inquiry-commands.js';
import { pendingOutboxRows } from '../infrastructure/inquiry-commands.js';
import { RuleStore, type TargetsLookup } from '../infrastructure/rule.store.js';
import { assignedEvent, classifiedEvents, openedEvent } from './conversation.events.js';
import type { ConversationReader } from './conversation.reader.js';
import { conversationView } from './conversation.view.js';
import { messageReceivedEvent } from './customer-message.events.js';
import { newMessage } from './message.writer.js';
import { fromTimestamp } from './timestamps.js';

const ROUTED = 'routed by class';

/**
 * IngestMessage's hot case on the lean path: a customer with no open conversation on the channel
 * (a new conversation, classified, routed, assigned or queued) in four pipelined round trips: the
 * lock and every read; the team's candidates; the slot claim; every write with COMMIT. The same
 * domain code as the ORM path decides. A replay or a message joining an open conversation answers
 * `undefined` (nothing written): the handler's ORM path serves those.
 */
export function ingestNewConversation(
  commands: InquiryCommands,
  reader: ConversationReader,
  request: IngestMessageRequest,
): LeanCommand<IngestMessageResponse | undefined> {
  const customer = request.customer!;
  return {
    reads: [
      numbered('select pg_advisory_xact_lock(hashtext(?))', [`inquiry:${request.channel}:${customer.customerId}`]),
      numbered('select 1 from messages where channel = ? and channel_message_id = ? limit 1', [
        request.channel,
        request.channelMessageId,
      ]),
      numbered(
        `select 1 from conversations where channel = ? and customer->>'customerId' = ? and status <> ? limit 1`,
        [request.channel, customer.customerId, ConversationStatus.CONVERSATION_STATUS_CLOSED],
      ),
      numbered(RuleStore.RULES_SQL),
      numbered(RuleStore.POLICIES_SQL),
    ],
    decide: ([, replay, open, rules, policies]): LeanStep<IngestMessageResponse | undefined> => {
      if (replay!.length || open!.length) return { inserts: [], outcome: { response: undefined } };
      const sentAt = request.sentAt ? fromTimestamp(request.sentAt) : new Date();
      const c = Conversation.open({
        channel: request.channel,
        customer,
        orderId: request.order?.orderId || null,
        priority: request.priority === Priority.PRIORITY_UNSPECIFIED ? Priority.PRIORITY_NORMAL : request.priority,
        sentAt,
      });
      const message = newMessage(c, MessageKind.MESSAGE_KIND_CUSTOMER, request.body, sentAt, {
        attachments: request.attachments,
        channelMessageId: request.channelMessageId,
      });
      const { conversationClass } = classify(request.body, RuleStore.rulesOf(rules!));
      const classified = c.classify(conversationClass, ClassificationSource.CLASSIFICATION_SOURCE_RULES);
      const line = { team: teamFor(conversationClass) };
      const finish = (agent: AgentRef | undefined): CommandDecision<IngestMessageResponse> => {
        if (agent) c.assignTo(agent, line.team, ROUTED, new Date());
        else c.queueFor(line.team, ROUTED, new Date());
        // What the ORM's flush gives a new row, before the events read it.
        c.version = 1;
        const events = [
          openedEvent(c),
          ...(classified ? classifiedEvents(c, request.body) : []),
          assignedEvent(c, null, ROUTED),
          messageReceivedEvent(c, message),
        ];
        const lookup: TargetsLookup = RuleStore.targetsLookupOf(policies!);
        return {
          inserts: [commands.conversations.insert([c]), commands.messages.insert([message]), pendingOutboxRows(events)],
          outcome: {
            response: {
              conversation: conversationView(c, [message], reader.clocksWith(c, lookup)),
              accepted: true,
              opened: true,
            },
          },
        };
      };
      const candidates = AgentStore.candidatesQuery(line);
      return {
        reads: [numbered(candidates.sql, candidates.params)],
        decide: ([rows]) =>
          claimFirst(
            rankCandidates(AgentStore.candidatesOf(rows!)).map((a) => a.agentId),
            line,
            finish,
          ),
      };
    },
  };
}

/** Tries the ranked candidates in turn, one conditional update each, as AgentStore.claimSlot does. */
function claimFirst<T>(
  ranked: string[],
  line: { team: string },
  finish: (agent: AgentRef | undefined) => CommandDecision<T>,
): LeanStep<T> {
  const [first, ...rest] = ranked;
  if (!first) return finish(undefined);
  const claim = AgentStore.claimSlotQuery(first, line);
  return {
    reads: [numbered(claim.sql, claim.params)],
    decide: ([rows]) => {
      const agent = AgentStore.claimedOf(rows!);
      return agent ? finish(agent) : claimFirst(rest, line, finish);
    },
  };
}
