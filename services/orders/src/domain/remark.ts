import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import { type Address, RemarkFlag } from '@cs/contracts/cs/orders/v1/order';

export interface OrderRemark {
  text: string;
  flag: RemarkFlag;
  author: AgentRef;
  /** ISO 8601; kept as text because remarks are stored as JSON. */
  createdAt: string;
}

/** 2026.11.22 in the shop's time zone: the date form the handbook's remarks use. */
export function remarkDate(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}.${get('month')}.${get('day')}`;
}

export function addressText(address: Address): string {
  const region = [address.province, address.city, address.district, address.street].filter(Boolean).join('');
  return [address.recipientName, address.phone, region, address.postalCode].filter(Boolean).join('，');
}

/** 客户要求修改地址，新地址为：… ---2026.11.22 张三 (red flag: a change remark). */
export function addressChangeRemark(newAddress: Address, agent: AgentRef, at: Date, timeZone: string): OrderRemark {
  return {
    text: `客户要求修改地址，新地址为：${addressText(newAddress)} ---${remarkDate(at, timeZone)} ${agent.name}`,
    flag: RemarkFlag.REMARK_FLAG_RED,
    author: agent,
    createdAt: at.toISOString(),
  };
}
