import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import { type Address, RemarkFlag, RemarkKind } from '@cs/contracts/cs/orders/v1/order';
import { shopDate } from '@cs/shop-time';

/** A remark: who, when, what kind, before/after, and the handbook's text form with its flag. */
export interface OrderRemark {
  text: string;
  flag: RemarkFlag;
  kind: RemarkKind;
  author: AgentRef;
  /** ISO 8601; kept as text because remarks are stored as JSON. */
  createdAt: string;
  before: string;
  after: string;
}

/** 2026.11.22 in the shop's time zone: the date form the handbook's remarks use. */
export function remarkDate(at: Date, timeZone: string): string {
  return shopDate(at, timeZone).replaceAll('-', '.');
}

export function addressText(address: Address): string {
  const region = [address.province, address.city, address.district, address.street].filter(Boolean).join('');
  return [address.recipientName, address.phone, region, address.postalCode].filter(Boolean).join('，');
}

interface RemarkParts {
  kind: RemarkKind;
  flag: RemarkFlag;
  body: string;
  before?: string;
  after?: string;
  /** The handbook puts a space before the signature of address remarks only. */
  separator?: string;
}

function remark(parts: RemarkParts, agent: AgentRef, at: Date, timeZone: string): OrderRemark {
  return {
    text: `${parts.body}${parts.separator ?? ''}---${remarkDate(at, timeZone)} ${agent.name}`,
    flag: parts.flag,
    kind: parts.kind,
    author: agent,
    createdAt: at.toISOString(),
    before: parts.before ?? '',
    after: parts.after ?? '',
  };
}

/** 客户要求修改地址，新地址为：… ---2026.11.22 张三 (red flag: a change remark). */
export function addressChangeRemark(
  previous: Address,
  newAddress: Address,
  agent: AgentRef,
  at: Date,
  timeZone: string,
): OrderRemark {
  const after = addressText(newAddress);
  return remark(
    {
      kind: RemarkKind.REMARK_KIND_ADDRESS_CHANGE,
      flag: RemarkFlag.REMARK_FLAG_RED,
      body: `客户要求修改地址，新地址为：${after}`,
      before: addressText(previous),
      after,
      separator: ' ',
    },
    agent,
    at,
    timeZone,
  );
}

/** 客户拍下X，要求修改成Y，已修改妥当---2026.11.22 张三 (red flag). */
export function attributeChangeRemark(
  before: string,
  after: string,
  agent: AgentRef,
  at: Date,
  timeZone: string,
): OrderRemark {
  return remark(
    {
      kind: RemarkKind.REMARK_KIND_ATTRIBUTE_CHANGE,
      flag: RemarkFlag.REMARK_FLAG_RED,
      body: `客户拍下${before}，要求修改成${after}，已修改妥当`,
      before,
      after,
    },
    agent,
    at,
    timeZone,
  );
}

/** The cancellation remark says what was done at the stage it was cancelled in (red flag). */
export function cancellationRemark(what: string, agent: AgentRef, at: Date, timeZone: string): OrderRemark {
  return remark(
    {
      kind: RemarkKind.REMARK_KIND_CANCELLATION,
      flag: RemarkFlag.REMARK_FLAG_RED,
      body: `客户要求取消订单，${what}`,
      before: '有效订单',
      after: '已取消',
    },
    agent,
    at,
    timeZone,
  );
}

/** 客户要求…---2026.11.22 张三 (red flag: a special-request remark). */
export function specialRequestRemark(request: string, agent: AgentRef, at: Date, timeZone: string): OrderRemark {
  return remark(
    {
      kind: RemarkKind.REMARK_KIND_SPECIAL_REQUEST,
      flag: RemarkFlag.REMARK_FLAG_RED,
      body: `客户要求${request}`,
      after: request,
    },
    agent,
    at,
    timeZone,
  );
}

/**
 * 销售：王五---2026.11.22 张三 (blue flag, 小蓝旗): the body credits who made the sale, for commission;
 * `after` keeps their agent id. The signature is whoever marked it, often the seller themselves.
 */
export function salesAttributionRemark(
  salesAgent: AgentRef,
  markedBy: AgentRef,
  at: Date,
  timeZone: string,
): OrderRemark {
  return remark(
    {
      kind: RemarkKind.REMARK_KIND_SALES_ATTRIBUTION,
      flag: RemarkFlag.REMARK_FLAG_BLUE,
      body: `销售：${salesAgent.name}`,
      after: salesAgent.agentId,
    },
    markedBy,
    at,
    timeZone,
  );
}
