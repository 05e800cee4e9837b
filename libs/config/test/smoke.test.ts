import 'reflect-metadata';
import { Injectable } from '@nestjs/common';
import { eventCatalogue } from '@cs/contracts';
import { describe, expect, it } from 'vitest';

@Injectable()
class Dep {}
@Injectable()
class Svc { constructor(readonly dep: Dep) {} }

describe('toolchain', () => {
  it('emits decorator metadata and resolves workspace sources', () => {
    expect(Reflect.getMetadata('design:paramtypes', Svc)).toEqual([Dep]);
    expect(Object.keys(eventCatalogue)).toContain('cs.orders.order.placed');
  });
});
