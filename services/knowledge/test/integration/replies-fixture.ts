import { randomUUID } from 'node:crypto';
import {
  type CreateStandardReplyRequest,
  RepliesServiceService,
  type StandardReply,
  StandardReplyKind,
} from '@cs/contracts/cs/knowledge/v1/replies_service';
import { SuggestionsServiceService } from '@cs/contracts/cs/knowledge/v1/suggestions_service';
import { createGrpcClient, type PromiseClient } from '@cs/grpc';
import {
  authAs,
  bearerFor,
  EventRecorder,
  type ServiceUnderTest,
  startServiceUnderTest,
  type TestCaller,
} from '@cs/testing';
import { inject } from 'vitest';
import { knowledgeService } from '../../src/knowledge.service.js';

export const editor: TestCaller = { roles: ['knowledge-editor'], agentId: 'editor-1', name: '编辑甲' };
export const reviewer: TestCaller = { roles: ['knowledge-reviewer'], agentId: 'reviewer-1', name: '审核乙' };
export const frontLineAgent: TestCaller = {
  roles: ['front-line-agent'],
  team: 'pre-sales',
  agentId: 'agent-1',
  name: '张三',
};
export const inquiryService: TestCaller = { roles: ['service'], agentId: 'service:inquiry' };

export interface RepliesClients {
  replies: PromiseClient<typeof RepliesServiceService>;
  suggestions: PromiseClient<typeof SuggestionsServiceService>;
}

/** Calls act as the editor; `as(caller)` acts as anyone. */
export interface RepliesHarness extends RepliesClients {
  sut: ServiceUnderTest;
  as(caller: TestCaller): RepliesClients;
  events: EventRecorder;
  /** The editor submits the version, the reviewer approves it: it goes live. */
  publish(replyId: string, version: number): Promise<StandardReply>;
  /** A new reply created by the editor and published at version 1. */
  live(overrides?: Partial<CreateStandardReplyRequest>): Promise<StandardReply>;
  /** POST as `caller` (default: the editor; null: no token). */
  http(path: string, body: unknown, caller?: TestCaller | null): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

export function createRequest(overrides: Partial<CreateStandardReplyRequest> = {}): CreateStandardReplyRequest {
  return {
    kind: StandardReplyKind.STANDARD_REPLY_KIND_GREETING,
    shortcode: `hi-${randomUUID().slice(0, 6)}`,
    team: 'pre-sales',
    text: '{customer_name}您好，请问有什么可以帮您?',
    idempotencyKey: randomUUID(),
    ...overrides,
  };
}

export async function startKnowledge(env: Record<string, string> = {}): Promise<RepliesHarness> {
  const infrastructure = { postgresUrl: inject('postgresUrl'), natsUrl: inject('natsUrl') };
  const sut = await startServiceUnderTest(knowledgeService, infrastructure, env);
  const events = await EventRecorder.start(infrastructure.natsUrl, sut.subjectPrefix);
  const address = sut.service.grpcAddress;
  const clientSets: RepliesClients[] = [];
  const as = (caller: TestCaller): RepliesClients => {
    const bearer = bearerFor(caller);
    const clients = {
      replies: createGrpcClient(RepliesServiceService, address, { bearer }),
      suggestions: createGrpcClient(SuggestionsServiceService, address, { bearer }),
    };
    clientSets.push(clients);
    return clients;
  };
  const { replies, suggestions } = as(editor);
  const asReviewer = as(reviewer).replies;
  const publish = async (replyId: string, version: number) => {
    await replies.submitStandardReplyForReview({ replyId, version, idempotencyKey: randomUUID() });
    const approved = await asReviewer.approveStandardReply({
      replyId,
      version,
      note: '',
      idempotencyKey: randomUUID(),
    });
    return approved.reply!;
  };
  return {
    sut,
    replies,
    suggestions,
    as,
    events,
    publish,
    async live(overrides) {
      const { reply } = await replies.createStandardReply(createRequest(overrides));
      return publish(reply!.replyId, 1);
    },
    async http(path, body, caller = editor) {
      const auth = caller ? await authAs(caller) : {};
      const response = await fetch(`${sut.service.httpUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      return { status: response.status, body: await response.json() };
    },
    async close() {
      for (const clients of clientSets) for (const client of Object.values(clients)) client.close();
      await events.stop();
      await sut.close();
    },
  };
}
