import type { ServiceTokenSource } from '@cs/auth';
import { RepliesServiceService } from '@cs/contracts/cs/knowledge/v1/replies_service';
import { createGrpcClient, type PromiseClient } from '@cs/grpc';
import { CONFIG, SERVICE_TOKEN } from '@cs/service-kit';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { ReplyCheckAnswer } from '../domain/reply-check.rule.js';
import type { InquiryConfig } from '../inquiry.config.js';

/**
 * Knowledge's reply check (KNOWLEDGE_GRPC_ADDRESS) with a tight deadline
 * (INQUIRY_REPLY_CHECK_DEADLINE_MS): any failure or a late answer is 'unavailable', never an error
 * of the reply being sent.
 */
@Injectable()
export class KnowledgeClient implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly replies: PromiseClient<typeof RepliesServiceService>;
  private readonly deadlineMs: number;

  constructor(
    @Inject(CONFIG) config: InquiryConfig,
    @Inject(SERVICE_TOKEN) serviceToken: ServiceTokenSource | undefined,
  ) {
    this.deadlineMs = config.inquiryReplyCheckDeadlineMs;
    this.replies = createGrpcClient(RepliesServiceService, config.knowledgeGrpcAddress, {
      defaultDeadlineMs: config.inquiryReplyCheckDeadlineMs,
      bearer: () =>
        serviceToken?.token() ??
        Promise.reject(
          new Error('inquiry has no service token for knowledge: set AUTH_TOKEN_URL and AUTH_CLIENT_SECRET'),
        ),
    });
  }

  async checkReply(text: string): Promise<ReplyCheckAnswer> {
    let timer: NodeJS.Timeout | undefined;
    // The deadline bounds the whole wait, fetching the service token included.
    const late = new Promise<'unavailable'>((resolve) => {
      timer = setTimeout(() => resolve('unavailable'), this.deadlineMs);
    });
    const answer = this.replies.checkReply({ text }, { deadlineMs: this.deadlineMs }).then(
      ({ violations, suggestedText }): ReplyCheckAnswer => ({ violations, suggestedText }),
      (): ReplyCheckAnswer => 'unavailable',
    );
    try {
      return await Promise.race([answer, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Connects and fetches the service token ahead of the first reply, which would otherwise miss the deadline. */
  onApplicationBootstrap(): void {
    this.replies.checkReply({ text: '您好' }, { deadlineMs: 5_000 }).catch(() => undefined);
  }

  onModuleDestroy(): void {
    this.replies.close();
  }
}
