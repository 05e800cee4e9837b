import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CaseKind } from '@cs/contracts/cs/aftersales/v1/case';
import { richErrorDetails } from '@cs/grpc';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PHOTO_BYTES, MAX_PHOTOS } from '../../src/domain/evidence-limits.rule.js';
import { type AftersalesHarness, startAftersales } from './aftersales-fixture.js';

let h: AftersalesHarness;
let blobDir: string;
beforeAll(async () => {
  blobDir = await mkdtemp(join(tmpdir(), 'cs-aftersales-blobs-'));
  // No MAX_REQUEST_BYTES here: the service's own default must let the API's promise through.
  h = await startAftersales({ BLOB_DIR: blobDir });
}, 60_000);
afterAll(async () => {
  await h?.close();
  await rm(blobDir, { recursive: true, force: true });
});

// Random bytes do not compress: the transports see the full size.
const jpeg = (size: number) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(size - 4)]);
const attachPath = '/cs.aftersales.v1.AftersalesService/AttachEvidence';
const evidenceRows = async (caseId: string) =>
  (await h.sut.service.orm.em.fork().execute('select 1 from evidence_objects where key like ?', [`cases/${caseId}/%`]))
    .length;

describe('evidence photos up to the promised 9 × 3 MiB reach the blob store', () => {
  it('a 3 MiB photo over gRPC is stored as a file under BLOB_DIR and comes back byte for byte', async () => {
    const opened = await h.open(CaseKind.CASE_KIND_REFUND_ONLY, { qualityProblem: true });
    const photo = jpeg(MAX_PHOTO_BYTES);
    const { case: kase } = await h.cases.attachEvidence({
      caseId: opened.caseId,
      photos: [{ content: photo, contentType: 'image/jpeg', description: '杯口裂纹' }],
      idempotencyKey: randomUUID(),
    });
    const evidence = kase!.evidence[0]!;
    expect(evidence.sizeBytes).toBe(MAX_PHOTO_BYTES);
    const stored = await readFile(join(blobDir, 'cases', opened.caseId, 'evidence', evidence.evidenceId));
    expect(stored.equals(photo)).toBe(true);
    expect(await evidenceRows(opened.caseId)).toBe(0);
    const fetched = await h.cases.getEvidence({ caseId: opened.caseId, evidenceId: evidence.evidenceId });
    expect(Buffer.from(fetched.content).equals(photo)).toBe(true);
  });

  it('nine 3 MiB photos in one HTTP JSON request (base64) are all stored', async () => {
    const opened = await h.open(CaseKind.CASE_KIND_REFUND_ONLY, { qualityProblem: true });
    const photos = Array.from({ length: MAX_PHOTOS }, () => jpeg(MAX_PHOTO_BYTES));
    const reply = await h.http(attachPath, {
      case_id: opened.caseId,
      photos: photos.map((p, i) => ({
        content: p.toString('base64'),
        content_type: 'image/jpeg',
        description: `第${i + 1}张`,
      })),
      idempotency_key: randomUUID(),
    });
    expect(reply.status).toBe(200);
    expect(reply.body.case.evidence).toHaveLength(MAX_PHOTOS);
    for (const [i, evidence] of reply.body.case.evidence.entries()) {
      const stored = await readFile(join(blobDir, 'cases', opened.caseId, 'evidence', evidence.evidenceId));
      expect(stored.equals(photos[i]!), `photo ${i}`).toBe(true);
    }
  }, 60_000);

  it('3 MiB + 1 byte is INVALID_ARGUMENT naming the photo, over gRPC and HTTP, and nothing is stored', async () => {
    const opened = await h.open(CaseKind.CASE_KIND_REFUND_ONLY, { qualityProblem: true });
    const small = jpeg(1024);
    const tooBig = jpeg(MAX_PHOTO_BYTES + 1);
    const error = await h.cases
      .attachEvidence({
        caseId: opened.caseId,
        photos: [
          { content: small, contentType: 'image/jpeg', description: '' },
          { content: tooBig, contentType: 'image/jpeg', description: '' },
        ],
        idempotencyKey: randomUUID(),
      })
      .then(
        () => {
          throw new Error('expected INVALID_ARGUMENT, the call succeeded');
        },
        (e) => e,
      );
    expect(error.code).toBe(status.INVALID_ARGUMENT);
    expect(richErrorDetails(error.metadata).fieldViolations.map((v) => v.field)).toEqual(['photos[1].content']);

    const reply = await h.http(attachPath, {
      case_id: opened.caseId,
      photos: [{ content: tooBig.toString('base64'), content_type: 'image/jpeg' }],
      idempotency_key: randomUUID(),
    });
    expect(reply.status).toBe(400);
    expect(reply.body.code).toBe('invalid_argument');
    expect(reply.body.fieldViolations.map((v: { field: string }) => v.field)).toEqual(['photos[0].content']);

    const { case: unchanged } = await h.cases.getCase({ caseId: opened.caseId });
    expect(unchanged?.evidence).toEqual([]);
    await expect(readFile(join(blobDir, 'cases', opened.caseId, 'evidence'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
