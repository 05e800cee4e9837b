import { actorOf } from '@cs/auth';
import {
  type SearchArticlesRequest,
  type SearchArticlesResponse,
  type SearchServiceController,
  SearchServiceControllerMethods,
} from '@cs/contracts/cs/knowledge/v1/search_service';
import type { Metadata } from '@grpc/grpc-js';
import { Controller } from '@nestjs/common';
import { SearchArticlesHandler } from '../application/search-articles.handler.js';

/** cs.knowledge.v1.SearchService: translation only. */
@Controller()
@SearchServiceControllerMethods()
export class SearchGrpcController implements SearchServiceController {
  constructor(private readonly searchArticlesHandler: SearchArticlesHandler) {}

  searchArticles(request: SearchArticlesRequest, metadata?: Metadata): Promise<SearchArticlesResponse> {
    return this.searchArticlesHandler.execute(request, actorOf(metadata));
  }
}
