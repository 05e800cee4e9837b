import { randomUUID } from 'node:crypto';

/** Real payloads of the producing services' events, as proto3 JSON (what their relays publish). */
export const at = (iso: string) => iso;

export function orderPlaced(
  customerId: string,
  orderId: string,
  total: number,
  options: { paidAt?: string; placedAt?: string; phone?: string; stage?: string } = {},
) {
  return {
    order: {
      orderId,
      customer: { customerId, displayName: '李四' },
      stage: options.stage ?? (options.paidAt ? 'FULFILMENT_STAGE_PAID' : 'FULFILMENT_STAGE_PLACED'),
      items: [
        {
          sku: 'MUG-RED',
          title: '红色马克杯',
          quantity: 1,
          unitPrice: { amountMinor: String(total), currency: 'CNY' },
        },
      ],
      address: {
        recipientName: '李四',
        phone: options.phone ?? '13812345678',
        province: '浙江省',
        city: '杭州市',
        district: '西湖区',
        street: '文三路 1 号',
        postalCode: '310000',
      },
      total: { amountMinor: String(total), currency: 'CNY' },
      placedAt: options.placedAt ?? '2026-11-01T02:00:00Z',
      ...(options.paidAt ? { paidAt: options.paidAt } : {}),
      version: '1',
    },
    orderVersion: '1',
  };
}

export function stageReached(orderId: string, stage: string, occurredAt: string, version = 2) {
  return { orderId, stage, occurredAt, orderVersion: String(version) };
}

export function orderCancelled(orderId: string, version = 3) {
  return {
    orderId,
    stageAtCancellation: 'FULFILMENT_STAGE_PAID',
    voided: false,
    remark: { text: '客户取消', flag: 'REMARK_FLAG_RED' },
    orderVersion: String(version),
  };
}

export function conversationOpened(customerId: string, conversationId: string, openedAt = '2026-11-02T03:00:00Z') {
  return {
    conversationId,
    channel: 'CHANNEL_MARKETPLACE_IM',
    customer: { customerId, displayName: '李四' },
    openedAt,
    conversationVersion: '1',
  };
}

export function conversationClosed(conversationId: string, closedAt = '2026-11-02T03:30:00Z', version = 4) {
  return {
    conversationId,
    reason: 'CLOSE_REASON_AGENT',
    record: { problem: '问尺码', handlingSteps: ['答复'], result: '已解决' },
    closedAt,
    conversationVersion: String(version),
  };
}

export function aftersalesCase(customerId: string, caseId: string, orderId: string, state = 'CASE_STATE_REQUESTED') {
  return {
    caseId,
    kind: 'CASE_KIND_REFUND_ONLY',
    state,
    customer: { customerId, displayName: '李四' },
    orderId,
    reason: '取消订单退款',
    requestedAmount: { amountMinor: '19900', currency: 'CNY' },
    version: '1',
  };
}

export function caseClosed(customerId: string, caseId: string, orderId: string, closedAt = '2026-11-05T06:00:00Z') {
  return {
    caseId,
    kind: 'CASE_KIND_REFUND_ONLY',
    outcome: 'CASE_OUTCOME_REFUNDED',
    customer: { customerId, displayName: '李四' },
    orderId,
    handledBy: { agentId: 'agent-9', name: '王五' },
    closedAt,
    case: aftersalesCase(customerId, caseId, orderId, 'CASE_STATE_CLOSED'),
    caseVersion: '6',
  };
}

export function complaintArchived(customerId: string, complaintId: string, revisitDueAt: string) {
  return {
    complaintId,
    number: 'TS-20261103-0001',
    customer: { customerId, displayName: '李四' },
    nature: 'COMPLAINT_NATURE_PRODUCT_QUALITY',
    severity: 'SEVERITY_ORDINARY',
    handler: { agentId: 'c-1', name: '钱七' },
    remedy: 'REMEDY_KIND_REISSUE',
    archivedAt: '2026-11-03T08:00:00Z',
    revisitDueAt,
    complaintVersion: '9',
  };
}

export const newId = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;
