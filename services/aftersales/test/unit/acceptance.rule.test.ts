import { describe, expect, it } from 'vitest';
import { acceptReturnedGoods } from '../../src/domain/acceptance.rule.js';

const perfect = { undamaged: true, packagingComplete: true, resellable: true };

describe('acceptance of returned goods: undamaged, packaging complete, resellable', () => {
  it('accepts goods that pass all three checks', () => {
    expect(acceptReturnedGoods(perfect)).toEqual({ accepted: true });
  });

  it('refuses damaged goods, naming the failure', () => {
    expect(acceptReturnedGoods({ ...perfect, undamaged: false })).toEqual({
      accepted: false,
      failures: ['商品有损坏 (damaged)'],
    });
  });

  it('refuses goods whose box or packaging is incomplete', () => {
    expect(acceptReturnedGoods({ ...perfect, packagingComplete: false })).toMatchObject({ accepted: false });
  });

  it('refuses goods that cannot be sold again', () => {
    expect(acceptReturnedGoods({ ...perfect, resellable: false })).toMatchObject({ accepted: false });
  });

  it('names every failed check at once', () => {
    const decision = acceptReturnedGoods({ undamaged: false, packagingComplete: false, resellable: false });
    expect(decision.accepted === false && decision.failures).toHaveLength(3);
  });
});
