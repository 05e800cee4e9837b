import { CONFIG } from '@cs/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import type { CareConfig } from '../care.config.js';
import type { MessageChannel, MessagePurpose } from '../domain/message-channel.js';
import { withOptOutLine } from '../domain/opt-out-line.rule.js';
import { optOutToken } from '../domain/opt-out-token.js';

/** Composes the text a customer gets: the opt-out line of marketing, with the customer's own signed link. */
@Injectable()
export class MessageComposer {
  constructor(@Inject(CONFIG) private readonly config: CareConfig) {}

  optOutLink(customerId: string, channel: MessageChannel): string {
    const token = optOutToken(this.config.careOptOutSecret, customerId, channel);
    return `${this.config.careOptOutUrl}?t=${token}`;
  }

  compose(text: string, purpose: MessagePurpose, customerId: string, channel: MessageChannel): string {
    return withOptOutLine(text, purpose, channel, this.optOutLink(customerId, channel));
  }
}
