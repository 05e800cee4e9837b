import type { ListCasesRequest, ListCasesResponse } from '@cs/contracts/cs/aftersales/v1/aftersales_service';
import { CaseKind, CaseState } from '@cs/contracts/cs/aftersales/v1/case';
import { checkLength, Violations } from '@cs/errors';
import { keysetPageOf, keysetSql, readKeysetPage } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AftersalesCase } from '../domain/aftersales-case.aggregate.js';
import { caseView } from './case.view.js';

/** Cases by customer, order, kind, state and overdue, newest first, paged. */
@Injectable()
export class ListCasesHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: ListCasesRequest): Promise<ListCasesResponse> {
    const violations = new Violations();
    checkLength(request.customerId, 'customer_id', 128, violations);
    checkLength(request.orderId, 'order_id', 64, violations);
    if (!Object.values(CaseKind).includes(request.kind)) violations.add('kind', 'is not a case kind');
    if (!Object.values(CaseState).includes(request.state)) violations.add('state', 'is not a case state');
    const page = readKeysetPage(request.page, violations, ['time', 'text']);
    violations.throwIfAny();

    const where: string[] = [];
    const params: unknown[] = [];
    const filter = (sql: string, value: unknown) => {
      where.push(sql);
      params.push(value);
    };
    if (request.customerId) filter("customer->>'customerId' = ?", request.customerId);
    if (request.orderId) filter('order_id = ?', request.orderId);
    if (request.kind !== CaseKind.CASE_KIND_UNSPECIFIED) filter('kind = ?', request.kind);
    if (request.state !== CaseState.CASE_STATE_UNSPECIFIED) filter('state = ?', request.state);
    if (request.overdueOnly) filter('state <> ? and due_at < now()', CaseState.CASE_STATE_CLOSED);
    const after = keysetSql(
      [
        ['opened_at', 'desc'],
        ['id', 'desc'],
      ],
      page.after,
    );
    if (after.sql) {
      where.push(after.sql);
      params.push(...after.params);
    }
    const em = this.orm.em.fork();
    const rows = await em.execute<{ id: string; opened_at: Date | string }[]>(
      `select id, opened_at from aftersales_cases ${where.length ? `where ${where.join(' and ')}` : ''}
       order by opened_at desc, id desc limit ?`,
      [...params, page.limit + 1],
    );
    const { items, page: next } = keysetPageOf(rows, page, (r) => [new Date(r.opened_at), r.id]);
    const ids = items.map((r) => r.id);
    const cases = ids.length ? await em.find(AftersalesCase, { id: { $in: ids } }) : [];
    const byId = new Map(cases.map((c) => [c.id, c]));
    const now = new Date();
    return {
      cases: ids.map((id) => caseView(byId.get(id)!, now)),
      page: next,
    };
  }
}
