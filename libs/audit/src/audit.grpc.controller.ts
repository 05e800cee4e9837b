import {
  type AuditFilter,
  type AuditRecord,
  type AuditServiceController,
  AuditServiceControllerMethods,
  type ExportAuditRecordsRequest,
  type ExportAuditRecordsResponse,
  type ListAuditRecordsRequest,
  type ListAuditRecordsResponse,
  type VerifyAuditChainResponse,
} from '@cs/contracts/cs/audit/v1/audit_service';
import type { Timestamp } from '@cs/contracts/google/protobuf/timestamp';
import { Violations } from '@cs/errors';
import { MikroORM } from '@mikro-orm/postgresql';
import { Controller } from '@nestjs/common';
import { toCsv } from './audit-csv.js';
import type { ChainedRecord } from './audit-entry.js';
import { readSeqPage, seqPageOf } from './audit-paging.js';
import { type AuditQuery, findRecords, verifyChain } from './audit-reader.js';

const maxExportRows = 5000;
// A gRPC client accepts 4 MB replies by default; stay well under it.
const maxExportBytes = 2_000_000;

/** cs.audit.v1.AuditService: this service's own trail, for platform admins (declared in the proto). */
@Controller()
@AuditServiceControllerMethods()
export class AuditGrpcController implements AuditServiceController {
  constructor(private readonly orm: MikroORM) {}

  async listAuditRecords(request: ListAuditRecordsRequest): Promise<ListAuditRecordsResponse> {
    const violations = new Violations();
    const query = queryOf(request.filter, violations);
    const page = readSeqPage(request.page, violations);
    violations.throwIfAny();
    const rows = await findRecords(this.orm.em.fork(), query, page.afterSeq, page.limit + 1);
    const { items, page: next } = seqPageOf(rows, page);
    return { records: items.map(messageOf), page: next };
  }

  async exportAuditRecords(request: ExportAuditRecordsRequest): Promise<ExportAuditRecordsResponse> {
    const violations = new Violations();
    const query = queryOf(request.filter, violations);
    const maxRows = request.maxRows ?? 0;
    if (!Number.isInteger(maxRows) || maxRows < 0 || maxRows > maxExportRows) {
      violations.add('max_rows', `must be 0..${maxExportRows} (0 means ${maxExportRows})`);
    }
    violations.throwIfAny();
    const limit = maxRows || maxExportRows;
    const records = await findRecords(this.orm.em.fork(), query, 0, limit + 1);
    const { csv, rows } = toCsv(records.slice(0, limit), maxExportBytes);
    return { csv, rows, truncated: rows < records.length };
  }

  async verifyAuditChain(): Promise<VerifyAuditChainResponse> {
    return verifyChain(this.orm.em.fork());
  }
}

function queryOf(filter: AuditFilter | undefined | null, violations: Violations): AuditQuery {
  const from = dateOf(filter?.from, 'filter.from', violations);
  const to = dateOf(filter?.to, 'filter.to', violations);
  if (from && to && from >= to) violations.add('filter.to', 'must be after filter.from');
  return {
    subject: filter?.subject || undefined,
    rpc: filter?.rpc || undefined,
    outcome: filter?.outcome || undefined,
    from,
    to,
    idValue: filter?.idValue || undefined,
  };
}

function dateOf(ts: Timestamp | undefined | null, field: string, violations: Violations): Date | undefined {
  if (!ts) return undefined;
  const ms = Number(ts.seconds) * 1000 + Math.floor((ts.nanos ?? 0) / 1e6);
  if (!Number.isFinite(ms) || Number.isNaN(new Date(ms).getTime())) {
    violations.add(field, 'is not a valid timestamp');
    return undefined;
  }
  return new Date(ms);
}

function messageOf(r: ChainedRecord): AuditRecord {
  const ms = r.at.getTime();
  return {
    seq: r.seq,
    at: { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 },
    subject: r.subject,
    roles: r.roles,
    via: r.via,
    service: r.service,
    rpc: r.rpc,
    ids: r.ids,
    traceId: r.traceId,
    outcome: r.outcome,
    prevHash: r.prevHash,
    hash: r.hash,
  };
}
