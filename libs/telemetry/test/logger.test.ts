import { trace } from '@opentelemetry/api';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/index.js';
import { startTestTracing } from '../src/testing.js';
import { captureStream } from './capture-stream.js';

describe('createLogger', () => {
  beforeAll(() => startTestTracing());

  it('writes JSON lines with time, level label, service and msg', () => {
    const out = captureStream();
    createLogger('orders', 'info', out).info({ orderId: 'o-1' }, 'order placed');
    const [line] = out.lines;
    expect(line).toMatchObject({ level: 'info', service: 'orders', msg: 'order placed', orderId: 'o-1' });
    expect(new Date(String(line?.time)).toISOString()).toBe(line?.time);
    expect(line).not.toHaveProperty('trace_id');
    expect(line).not.toHaveProperty('pid');
  });

  it('respects the level', () => {
    const out = captureStream();
    const logger = createLogger('orders', 'warn', out);
    logger.info('hidden');
    logger.warn('shown');
    expect(out.lines.map((line) => line.msg)).toEqual(['shown']);
  });

  it('adds the active span’s trace_id and span_id', () => {
    const out = captureStream();
    const logger = createLogger('orders', 'info', out);
    const ids = trace.getTracer('test').startActiveSpan('work', (span) => {
      logger.info('inside');
      span.end();
      return span.spanContext();
    });
    expect(out.lines[0]).toMatchObject({ trace_id: ids.traceId, span_id: ids.spanId });
    expect(ids.traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('masks personal data in objects, messages, interpolated values, bindings and errors', () => {
    const out = captureStream();
    const logger = createLogger('orders', 'info', out).child({ customerPhone: '13812345678' });
    logger.info({ order: { recipientName: '王小明', address: '北京市朝阳区1号' } }, 'called %s', '13912345678');
    logger.error(new Error('no account for 15912345678'));
    logger.warn({ err: new Error('retry +8613812345678') }, 'failed');

    const [info, error, warn] = out.lines;
    expect(info).toMatchObject({
      customerPhone: '138****5678',
      order: { recipientName: '王**', address: '[masked address]' },
      msg: 'called 139****5678',
    });
    expect(error).toMatchObject({ msg: 'no account for 159****5678', err: { message: 'no account for 159****5678' } });
    const stack = String((error?.err as { stack?: string } | undefined)?.stack);
    expect(stack).toMatch(/^Error: no account for 159\*{4}5678\n {4}at /);
    expect(warn).toMatchObject({ err: { type: 'Error', message: 'retry +86*******5678' } });
    expect(JSON.stringify(out.lines)).not.toMatch(/1[3-9]\d{9}/);
  });

  it('masks an address written in free text: a remark logged whole, a message, an error', () => {
    const out = captureStream();
    const logger = createLogger('orders', 'info', out);
    const text = '客户要求修改地址，新地址为：王小明，13812345678，浙江省杭州市西湖区文三路1号，310000';
    logger.info({ remark: { text, kind: 'ADDRESS_CHANGE' } }, 'remark added');
    logger.warn('could not reach %s', '上海市浦东新区碧波路690号');
    logger.error(new Error(`refused: ${text}`));

    expect(out.lines[0]).toMatchObject({
      remark: { text: '客户要求修改地址，新地址为：王**，138****5678，[masked address]，310000' },
    });
    expect(out.lines[1]).toMatchObject({ msg: 'could not reach [masked address]' });
    expect(JSON.stringify(out.lines)).not.toMatch(/文三路|碧波路|王小明/);
  });
});
