/** The channels a message leaves by; the domain's own names, mapped from the proto at the edge. */
export const messageChannels = ['sms', 'email', 'im'] as const;
export type MessageChannel = (typeof messageChannels)[number];

/** Marketing (greetings, coupons) or transactional (revisits, surveys): different rules apply. */
export type MessagePurpose = 'marketing' | 'transactional';
