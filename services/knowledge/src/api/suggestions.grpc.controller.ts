import { agentRefOf } from '@cs/auth';
import {
  type DraftFaqFromGapRequest,
  type DraftFaqFromGapResponse,
  type GetGapRequest,
  type GetGapResponse,
  type ListGapsRequest,
  type ListGapsResponse,
  type SuggestionsServiceController,
  SuggestionsServiceControllerMethods,
  type SuggestRequest,
  type SuggestResponse,
} from '@cs/contracts/cs/knowledge/v1/suggestions_service';
import { withIdempotencyKey } from '@cs/grpc';
import type { Metadata } from '@grpc/grpc-js';
import { Controller } from '@nestjs/common';
import { DraftFaqFromGapHandler } from '../application/draft-faq-from-gap.handler.js';
import { GetGapHandler } from '../application/get-gap.handler.js';
import { ListGapsHandler } from '../application/list-gaps.handler.js';
import { SuggestHandler } from '../application/suggest.handler.js';

/** cs.knowledge.v1.SuggestionsService (suggestions, gaps): translation only; the editor is the verified caller. */
@Controller()
@SuggestionsServiceControllerMethods()
export class SuggestionsGrpcController implements SuggestionsServiceController {
  constructor(
    private readonly suggestHandler: SuggestHandler,
    private readonly listGapsHandler: ListGapsHandler,
    private readonly getGapHandler: GetGapHandler,
    private readonly draftFaqHandler: DraftFaqFromGapHandler,
  ) {}

  suggest(request: SuggestRequest): Promise<SuggestResponse> {
    return this.suggestHandler.execute(request);
  }

  listGaps(request: ListGapsRequest): Promise<ListGapsResponse> {
    return this.listGapsHandler.execute(request);
  }

  getGap(request: GetGapRequest): Promise<GetGapResponse> {
    return this.getGapHandler.execute(request);
  }

  draftFaqFromGap(request: DraftFaqFromGapRequest, metadata?: Metadata): Promise<DraftFaqFromGapResponse> {
    return this.draftFaqHandler.execute(withIdempotencyKey(request, metadata), agentRefOf(metadata));
  }
}
