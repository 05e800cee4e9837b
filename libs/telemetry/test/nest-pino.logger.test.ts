import 'reflect-metadata';
import { Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, NestPinoLogger } from '../src/index.js';
import { captureStream } from './capture-stream.js';

@Module({})
class EmptyModule {}

describe('NestPinoLogger', () => {
  afterEach(() => Logger.overrideLogger(false));

  function nestLogger(level = 'trace') {
    const out = captureStream();
    Logger.overrideLogger(new NestPinoLogger(createLogger('orders', level, out)));
    return out;
  }

  it('maps Nest levels and contexts onto pino', () => {
    const out = nestLogger();
    const logger = new Logger('OrdersService');
    logger.log('started');
    logger.warn('slow', { ms: 1200 });
    logger.debug('detail');
    logger.verbose('chatter');
    logger.fatal('dying');
    expect(out.lines.map(({ level, msg, context }) => ({ level, msg, context }))).toEqual([
      { level: 'info', msg: 'started', context: 'OrdersService' },
      { level: 'warn', msg: 'slow', context: 'OrdersService' },
      { level: 'debug', msg: 'detail', context: 'OrdersService' },
      { level: 'trace', msg: 'chatter', context: 'OrdersService' },
      { level: 'fatal', msg: 'dying', context: 'OrdersService' },
    ]);
    expect(out.lines[1]).toMatchObject({ ms: 1200 });
  });

  it('keeps the stack Nest passes to error()', () => {
    const out = nestLogger();
    const failure = new Error('db down');
    new Logger('Bootstrap').error('cannot start', failure.stack);
    new Logger('Bootstrap').error(failure);
    expect(out.lines[0]).toMatchObject({ level: 'error', msg: 'cannot start', context: 'Bootstrap' });
    expect(out.lines[0]?.stack).toContain('db down\n    at ');
    expect(out.lines[1]).toMatchObject({ msg: 'db down', context: 'Bootstrap', err: { message: 'db down' } });
  });

  it('honours setLogLevels', () => {
    const out = captureStream();
    const logger = createLogger('orders', 'trace', out);
    const nest = new NestPinoLogger(logger);
    nest.setLogLevels(['warn', 'error']);
    nest.log('hidden');
    nest.warn('shown');
    expect(out.lines.map((line) => line.msg)).toEqual(['shown']);
    nest.setLogLevels([]);
    nest.error('silenced');
    expect(out.lines).toHaveLength(1);
  });

  it('gives JSON logs from a Nest application', async () => {
    const out = captureStream();
    const app = await NestFactory.createApplicationContext(EmptyModule, {
      logger: new NestPinoLogger(createLogger('orders', 'info', out)),
    });
    await app.close();
    expect(out.lines).toContainEqual(
      expect.objectContaining({ level: 'info', service: 'orders', context: 'InstanceLoader' }),
    );
  });
});
