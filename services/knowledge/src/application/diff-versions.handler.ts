import type { DiffVersionsRequest, DiffVersionsResponse } from '@cs/contracts/cs/knowledge/v1/articles_service';
import { DiffOp } from '@cs/contracts/cs/knowledge/v1/articles_service';
import { Violations } from '@cs/errors';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { bodyDifferences, fieldDifferences, type LineOp } from '../domain/version-diff.js';
import { loadArticle } from '../infrastructure/article.repository.js';
import { checkUuid, checkVersionNumber } from './field-checks.js';

const ops: Record<LineOp, DiffOp> = {
  equal: DiffOp.DIFF_OP_EQUAL,
  added: DiffOp.DIFF_OP_ADDED,
  removed: DiffOp.DIFF_OP_REMOVED,
};

/** What changed from one version to another (either order). */
@Injectable()
export class DiffVersionsHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: DiffVersionsRequest): Promise<DiffVersionsResponse> {
    const violations = new Violations();
    checkUuid(request.articleId, 'article_id', violations);
    checkVersionNumber(request.fromVersion, 'from_version', violations);
    checkVersionNumber(request.toVersion, 'to_version', violations);
    violations.throwIfAny();
    const article = await loadArticle(this.orm.em.fork(), request.articleId);
    const from = article.version(request.fromVersion).content;
    const to = article.version(request.toVersion).content;
    return {
      fieldChanges: fieldDifferences(from, to),
      body: bodyDifferences(from.body, to.body).map((line) => ({ op: ops[line.op], text: line.text })),
    };
  }
}
