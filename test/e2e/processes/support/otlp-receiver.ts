import { createServer, type IncomingMessage, type Server } from 'node:http';
import { gunzipSync } from 'node:zlib';

/** OTLP span kinds as the wire carries them (SpanKind + 1). */
export const OtlpSpanKind = { INTERNAL: 1, SERVER: 2, CLIENT: 3, PRODUCER: 4, CONSUMER: 5 } as const;

export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  /** '' for a root span. */
  parentSpanId: string;
  name: string;
  kind: number;
  /** The resource's service.name: which process sent it. */
  service: string;
  scope: string;
  attributes: Record<string, unknown>;
}

type AnyValue = {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: number | string;
  doubleValue?: number;
  arrayValue?: { values?: AnyValue[] };
  kvlistValue?: { values?: KeyValue[] };
  bytesValue?: string;
};
type KeyValue = { key: string; value?: AnyValue };
interface ExportTraceServiceRequest {
  resourceSpans?: {
    resource?: { attributes?: KeyValue[] };
    scopeSpans?: {
      scope?: { name?: string };
      spans?: {
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        kind?: number;
        attributes?: KeyValue[];
      }[];
    }[];
  }[];
}

function plainValue(value: AnyValue | undefined): unknown {
  if (!value) return undefined;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(plainValue);
  if (value.kvlistValue) return attributesOf(value.kvlistValue.values);
  return value.bytesValue;
}

function attributesOf(list: KeyValue[] | undefined): Record<string, unknown> {
  return Object.fromEntries((list ?? []).map(({ key, value }) => [key, plainValue(value)]));
}

/** OTLP/JSON carries ids as hex; a base64 id (protobuf-style JSON) is turned into hex too. */
function hexId(id: string | undefined): string {
  if (!id) return '';
  return /^[0-9a-f]+$/i.test(id) ? id.toLowerCase() : Buffer.from(id, 'base64').toString('hex');
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/**
 * A stand-in for an OpenTelemetry collector: accepts POST /v1/traces in OTLP/HTTP JSON (what
 * @opentelemetry/exporter-trace-otlp-http sends), gzip or not, and keeps every span with the
 * service.name of the resource it came with. Anything it cannot decode is answered 415/400 and kept
 * in `problems`, so a test fails saying so instead of waiting for spans that never come.
 */
export class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  readonly problems: string[] = [];

  private constructor(
    private readonly server: Server,
    readonly endpoint: string,
  ) {}

  static async start(): Promise<OtlpReceiver> {
    let receiver: OtlpReceiver | undefined;
    const server = createServer(async (request, response) => {
      const answer = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      };
      try {
        if (request.method !== 'POST' || request.url !== '/v1/traces') {
          receiver?.problems.push(`${request.method} ${request.url}`);
          return answer(404, { message: 'only POST /v1/traces' });
        }
        let body = await readBody(request);
        if (request.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
        const type = request.headers['content-type'] ?? '';
        if (!type.startsWith('application/json')) {
          receiver?.problems.push(`an export in ${type || 'no content type'}; this receiver reads OTLP/JSON only`);
          return answer(415, { message: 'OTLP/JSON only' });
        }
        receiver?.accept(JSON.parse(body.toString('utf8')) as ExportTraceServiceRequest);
        answer(200, {});
      } catch (error) {
        receiver?.problems.push(`undecodable export: ${(error as Error).message}`);
        answer(400, { message: (error as Error).message });
      }
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    receiver = new OtlpReceiver(server, `http://127.0.0.1:${port}`);
    return receiver;
  }

  private accept(request: ExportTraceServiceRequest): void {
    for (const resourceSpans of request.resourceSpans ?? []) {
      const resource = attributesOf(resourceSpans.resource?.attributes);
      for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
        for (const span of scopeSpans.spans ?? []) {
          this.spans.push({
            traceId: hexId(span.traceId),
            spanId: hexId(span.spanId),
            parentSpanId: hexId(span.parentSpanId),
            name: span.name,
            kind: span.kind ?? 0,
            service: String(resource['service.name'] ?? ''),
            scope: scopeSpans.scope?.name ?? '',
            attributes: attributesOf(span.attributes),
          });
        }
      }
    }
  }

  /** The spans of one trace received so far. */
  trace(traceId: string): ReceivedSpan[] {
    return this.spans.filter((span) => span.traceId === traceId);
  }

  /** A trace as an indented tree (service, kind, name), for failure messages and the report. */
  describe(traceId: string): string {
    const spans = this.trace(traceId);
    const ids = new Set(spans.map((span) => span.spanId));
    const kinds = Object.fromEntries(Object.entries(OtlpSpanKind).map(([name, value]) => [value, name]));
    const lines: string[] = [];
    const walk = (parent: string, depth: number) => {
      for (const span of spans.filter((s) => s.parentSpanId === parent)) {
        lines.push(`${'  '.repeat(depth)}[${span.service}] ${kinds[span.kind] ?? span.kind} ${span.name}`);
        walk(span.spanId, depth + 1);
      }
    };
    // Roots: spans whose parent was not received (the test's own span, or one still buffered).
    for (const parent of new Set(spans.filter((s) => !ids.has(s.parentSpanId)).map((s) => s.parentSpanId))) {
      lines.push(`(parent ${parent || 'none'})`);
      walk(parent, 1);
    }
    return lines.join('\n') || `(no spans of trace ${traceId})`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }
}
