import { CONFIG } from '@cs/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { checkReply, type ReplyCheck, type ReplyPhrase } from '../domain/reply-check.rule.js';
import type { RepliesConfig } from '../replies.config.js';

/** The reply check with the shop's forbidden list from the configuration (KNOWLEDGE_FORBIDDEN_TERMS). */
@Injectable()
export class ReplyCheckPolicy {
  private readonly forbiddenTerms: readonly ReplyPhrase[];

  constructor(@Inject(CONFIG) config: RepliesConfig) {
    this.forbiddenTerms = config.knowledgeForbiddenTerms;
  }

  check(text: string): ReplyCheck {
    return checkReply(text, this.forbiddenTerms);
  }
}
