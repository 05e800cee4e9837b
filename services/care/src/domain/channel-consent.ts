/** A customer's standing on one channel: the address consented for, and what they said. */
export interface ChannelConsent {
  /** Phone, mailbox or IM account; empty when the shop has none for this channel. */
  address: string;
  /** Agreed to marketing on this channel (PIPL: marketing only with consent). */
  marketingConsent: boolean;
  /** Opted out of the channel altogether: nothing more is sent on it, from that moment. */
  optedOut: boolean;
}

export const noConsent: ChannelConsent = { address: '', marketingConsent: false, optedOut: false };
