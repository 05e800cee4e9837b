import { Channel, CloseReason, EscalationLevel, Priority, ScriptStage } from '@cs/contracts/cs/inquiry/v1/conversation';
import { RuleViolation } from '@cs/errors';
import { describe, expect, it } from 'vitest';
import { HANDBOOK_SHIFTS, parseShifts, type ShiftCalendar } from '../../src/domain/business-hours.rule.js';
import { Conversation } from '../../src/domain/conversation.aggregate.js';

const calendar: ShiftCalendar = { timeZone: 'Asia/Shanghai', shifts: parseShifts(HANDBOOK_SHIFTS)! };
const at = (local: string) => new Date(`${local}+08:00`);
const open = () =>
  Conversation.open({
    channel: Channel.CHANNEL_MARKETPLACE_IM,
    customer: { customerId: 'buyer-1', displayName: '李四' },
    orderId: null,
    priority: Priority.PRIORITY_NORMAL,
    sentAt: at('2026-11-22T09:00:00'),
  });

describe('a conversation', () => {
  it('the first reply records the first-response time in business minutes', () => {
    const c = open();
    c.reply(at('2026-11-22T09:03:00'), false, calendar);
    expect(c.firstResponseMinutes).toBe(3);
  });

  it('a reply that asks the customer pauses the clocks until the customer writes', () => {
    const c = open();
    c.reply(at('2026-11-22T09:03:00'), true, calendar);
    expect(c.waitingOnCustomer()).toBe(true);
    c.receiveCustomerMessage(at('2026-11-22T09:40:00'));
    expect(c.waitingOnCustomer()).toBe(false);
    expect(c.awaitingReplySince).toEqual(at('2026-11-22T09:40:00'));
    c.reply(at('2026-11-22T09:45:00'), false, calendar);
    expect(c.nextResponseMinutes).toEqual([5]);
  });

  it('escalation climbs agent → supervisor → manager and stops there', () => {
    const c = open();
    expect(c.escalate()).toEqual({
      from: EscalationLevel.ESCALATION_LEVEL_AGENT,
      to: EscalationLevel.ESCALATION_LEVEL_SUPERVISOR,
    });
    expect(c.escalate().to).toBe(EscalationLevel.ESCALATION_LEVEL_MANAGER);
    expect(() => c.escalate()).toThrow(RuleViolation);
  });

  it('the pre-sales script only moves forward', () => {
    const c = open();
    c.advanceScript(ScriptStage.SCRIPT_STAGE_GREETING);
    c.advanceScript(ScriptStage.SCRIPT_STAGE_PRODUCT);
    expect(() => c.advanceScript(ScriptStage.SCRIPT_STAGE_PROMOTION)).toThrow(RuleViolation);
  });

  it('an agent closes with a result; a closed conversation cannot change', () => {
    const c = open();
    expect(() => c.close(CloseReason.CLOSE_REASON_AGENT, at('2026-11-22T10:00:00'))).toThrow(RuleViolation);
    c.close(CloseReason.CLOSE_REASON_AGENT, at('2026-11-22T10:00:00'), '已解答');
    expect(() => c.addHandlingStep('x')).toThrow(RuleViolation);
  });

  it('auto-close: only once the order is confirmed and the customer has gone quiet long enough', () => {
    const c = open();
    expect(c.isDueForAutoClose(at('2026-11-22T12:00:00'), 30 * 60_000)).toBe(false);
    c.confirmOrder('TB1', at('2026-11-22T09:10:00'));
    expect(c.isDueForAutoClose(at('2026-11-22T09:30:00'), 30 * 60_000)).toBe(false);
    expect(c.isDueForAutoClose(at('2026-11-22T09:40:00'), 30 * 60_000)).toBe(true);
  });

  it('the per-agent report holds the first agent who took it to account, not who took it over', () => {
    const c = open();
    expect(c.accountableAgentId()).toBeNull();
    c.queueFor('pre-sales', 'nobody free', at('2026-11-22T09:00:00'));
    c.assignTo({ agentId: 'a1', name: 'A' }, 'pre-sales', 'capacity freed', at('2026-11-22T09:05:00'));
    c.escalate();
    c.assignTo({ agentId: 'sup', name: 'S' }, 'pre-sales', '劣质客户', at('2026-11-22T09:20:00'));
    expect(c.accountableAgentId()).toBe('a1');
  });

  it('a customer message sent before the last reply but delivered after it waits from the reply, not from before it', () => {
    const c = open();
    c.reply(at('2026-11-22T09:03:00'), false, calendar);
    c.receiveCustomerMessage(at('2026-11-22T09:10:00'));
    c.reply(at('2026-11-22T09:12:00'), false, calendar);
    // Sent at 09:11, reached us after the 09:12 reply.
    c.receiveCustomerMessage(at('2026-11-22T09:11:00'));
    expect(c.awaitingReplySince).toEqual(at('2026-11-22T09:12:00'));
    c.reply(at('2026-11-22T09:15:00'), false, calendar);
    expect(c.nextResponseMinutes).toEqual([2, 3]);
  });
});
