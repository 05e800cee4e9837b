import { RuleViolation } from '@cs/errors';
import { describe, expect, it } from 'vitest';
import {
  allowedActions,
  type CaseAction,
  CaseKind,
  CaseState,
  type ConcreteCaseKind,
  caseLifecycles,
  nextState,
} from '../../src/domain/case-lifecycle.js';

const S = CaseState;
const K = CaseKind;

/** Walks a path of steps from requested and returns the states reached. */
function walk(kind: ConcreteCaseKind, actions: CaseAction[]): CaseState[] {
  let state: CaseState = S.CASE_STATE_REQUESTED;
  return actions.map((action) => {
    state = nextState(kind, state, action);
    return state;
  });
}

function refusal(kind: ConcreteCaseKind, state: CaseState, action: CaseAction): RuleViolation {
  try {
    nextState(kind, state, action);
  } catch (error) {
    return error as RuleViolation;
  }
  throw new Error(`${action} from ${state} was allowed`);
}

const paths: Record<ConcreteCaseKind, { path: CaseAction[]; end: CaseState[] }> = {
  [K.CASE_KIND_RETURN_AND_REFUND]: {
    path: ['approve', 'register-return-waybill', 'receive-goods', 'refund', 'complete', 'close'],
    end: [
      S.CASE_STATE_APPROVED,
      S.CASE_STATE_RETURN_SHIPPED,
      S.CASE_STATE_GOODS_RECEIVED,
      S.CASE_STATE_REFUNDED,
      S.CASE_STATE_COMPLETED,
      S.CASE_STATE_CLOSED,
    ],
  },
  [K.CASE_KIND_EXCHANGE]: {
    path: ['approve', 'register-return-waybill', 'receive-goods', 'ship-to-customer', 'complete', 'close'],
    end: [
      S.CASE_STATE_APPROVED,
      S.CASE_STATE_RETURN_SHIPPED,
      S.CASE_STATE_GOODS_RECEIVED,
      S.CASE_STATE_SHIPPED_TO_CUSTOMER,
      S.CASE_STATE_COMPLETED,
      S.CASE_STATE_CLOSED,
    ],
  },
  [K.CASE_KIND_REFUND_ONLY]: {
    path: ['approve', 'refund', 'complete', 'close'],
    end: [S.CASE_STATE_APPROVED, S.CASE_STATE_REFUNDED, S.CASE_STATE_COMPLETED, S.CASE_STATE_CLOSED],
  },
  [K.CASE_KIND_REPAIR]: {
    path: [
      'approve',
      'register-return-waybill',
      'receive-goods',
      'send-for-repair',
      'repair-returned',
      'ship-to-customer',
      'complete',
      'close',
    ],
    end: [
      S.CASE_STATE_APPROVED,
      S.CASE_STATE_RETURN_SHIPPED,
      S.CASE_STATE_GOODS_RECEIVED,
      S.CASE_STATE_AT_REPAIR,
      S.CASE_STATE_REPAIRED,
      S.CASE_STATE_SHIPPED_TO_CUSTOMER,
      S.CASE_STATE_COMPLETED,
      S.CASE_STATE_CLOSED,
    ],
  },
  [K.CASE_KIND_REISSUE]: {
    path: ['approve', 'ship-to-customer', 'complete', 'close'],
    end: [S.CASE_STATE_APPROVED, S.CASE_STATE_SHIPPED_TO_CUSTOMER, S.CASE_STATE_COMPLETED, S.CASE_STATE_CLOSED],
  },
  [K.CASE_KIND_INTERCEPT]: {
    path: ['approve', 'request-recall', 'sign-in-parcel', 'refund', 'complete', 'close'],
    end: [
      S.CASE_STATE_APPROVED,
      S.CASE_STATE_RECALL_REQUESTED,
      S.CASE_STATE_PARCEL_SIGNED_IN,
      S.CASE_STATE_REFUNDED,
      S.CASE_STATE_COMPLETED,
      S.CASE_STATE_CLOSED,
    ],
  },
  [K.CASE_KIND_PARCEL_PROBLEM]: {
    path: ['approve', 'complete', 'close'],
    end: [S.CASE_STATE_APPROVED, S.CASE_STATE_COMPLETED, S.CASE_STATE_CLOSED],
  },
  [K.CASE_KIND_EXTEND_RECEIPT_TIME]: {
    path: ['approve', 'complete', 'close'],
    end: [S.CASE_STATE_APPROVED, S.CASE_STATE_COMPLETED, S.CASE_STATE_CLOSED],
  },
  [K.CASE_KIND_RIGHTS_CLAIM]: {
    path: ['approve', 'refund', 'complete', 'close'],
    end: [S.CASE_STATE_APPROVED, S.CASE_STATE_REFUNDED, S.CASE_STATE_COMPLETED, S.CASE_STATE_CLOSED],
  },
};

describe('one lifecycle per kind of case: requested → approved or rejected → … → completed → closed', () => {
  for (const kind of Object.keys(caseLifecycles) as ConcreteCaseKind[]) {
    describe(kind, () => {
      it('follows its path from requested to closed', () => {
        expect(walk(kind, paths[kind].path)).toEqual(paths[kind].end);
      });

      it('can be rejected while requested, and a rejected case can only be closed', () => {
        expect(nextState(kind, S.CASE_STATE_REQUESTED, 'reject')).toBe(S.CASE_STATE_REJECTED);
        expect(allowedActions(kind, S.CASE_STATE_REJECTED)).toEqual(['close']);
      });

      it('cannot skip approval: the first step after requested is approve or reject', () => {
        expect(allowedActions(kind, S.CASE_STATE_REQUESTED).sort()).toEqual(['approve', 'reject']);
      });

      it('a closed case takes no step at all, refused naming the kind’s lifecycle rule', () => {
        expect(allowedActions(kind, S.CASE_STATE_CLOSED)).toEqual([]);
        const error = refusal(kind, S.CASE_STATE_CLOSED, 'approve');
        expect(error).toBeInstanceOf(RuleViolation);
        expect(error.rule).toMatch(/^aftersales\.lifecycle\.[a-z-]+$/);
        expect(error.message).toContain('no step is allowed now');
      });

      it('cannot be closed before it is completed or rejected', () => {
        expect(() => nextState(kind, S.CASE_STATE_APPROVED, 'close')).toThrow(RuleViolation);
      });
    });
  }
});

describe('steps each kind refuses', () => {
  it('return-and-refund: no refund before the goods are received and inspected', () => {
    const error = refusal(K.CASE_KIND_RETURN_AND_REFUND, S.CASE_STATE_RETURN_SHIPPED, 'refund');
    expect(error.rule).toBe('aftersales.lifecycle.return-and-refund');
    expect(error.message).toBe(
      'a return-and-refund case that is return shipped cannot refund (allowed now: receive-goods)',
    );
  });

  it('return-and-refund and exchange: returned goods can be rejected after a failed inspection', () => {
    expect(nextState(K.CASE_KIND_RETURN_AND_REFUND, S.CASE_STATE_GOODS_RECEIVED, 'reject')).toBe(S.CASE_STATE_REJECTED);
    expect(nextState(K.CASE_KIND_EXCHANGE, S.CASE_STATE_GOODS_RECEIVED, 'reject')).toBe(S.CASE_STATE_REJECTED);
  });

  it('exchange: the wanted item ships only after the returned one is received', () => {
    expect(refusal(K.CASE_KIND_EXCHANGE, S.CASE_STATE_APPROVED, 'ship-to-customer').rule).toBe(
      'aftersales.lifecycle.exchange',
    );
  });

  it('exchange: is never refunded', () => {
    expect(refusal(K.CASE_KIND_EXCHANGE, S.CASE_STATE_GOODS_RECEIVED, 'refund').rule).toBe(
      'aftersales.lifecycle.exchange',
    );
  });

  it('refund only: nothing comes back, so there is no return waybill', () => {
    expect(refusal(K.CASE_KIND_REFUND_ONLY, S.CASE_STATE_APPROVED, 'register-return-waybill').rule).toBe(
      'aftersales.lifecycle.refund-only',
    );
  });

  it('repair: the item goes back to the customer only after the provider returned it', () => {
    expect(refusal(K.CASE_KIND_REPAIR, S.CASE_STATE_AT_REPAIR, 'ship-to-customer').rule).toBe(
      'aftersales.lifecycle.repair',
    );
    expect(refusal(K.CASE_KIND_REPAIR, S.CASE_STATE_AT_REPAIR, 'complete').rule).toBe('aftersales.lifecycle.repair');
  });

  it('reissue: completes only once the reissue shipped', () => {
    expect(refusal(K.CASE_KIND_REISSUE, S.CASE_STATE_APPROVED, 'complete').rule).toBe('aftersales.lifecycle.reissue');
  });

  it('intercept: the refund waits for the warehouse to sign the parcel in', () => {
    expect(refusal(K.CASE_KIND_INTERCEPT, S.CASE_STATE_RECALL_REQUESTED, 'refund').rule).toBe(
      'aftersales.lifecycle.intercept',
    );
    expect(refusal(K.CASE_KIND_INTERCEPT, S.CASE_STATE_APPROVED, 'sign-in-parcel').rule).toBe(
      'aftersales.lifecycle.intercept',
    );
  });

  it('intercept for an address change: the signed-in parcel is delivered again instead of refunded', () => {
    expect(nextState(K.CASE_KIND_INTERCEPT, S.CASE_STATE_PARCEL_SIGNED_IN, 'ship-to-customer')).toBe(
      S.CASE_STATE_SHIPPED_TO_CUSTOMER,
    );
  });

  it('parcel problem: a lost parcel is refunded or reissued; a found one just completes', () => {
    expect(nextState(K.CASE_KIND_PARCEL_PROBLEM, S.CASE_STATE_APPROVED, 'refund')).toBe(S.CASE_STATE_REFUNDED);
    expect(nextState(K.CASE_KIND_PARCEL_PROBLEM, S.CASE_STATE_APPROVED, 'ship-to-customer')).toBe(
      S.CASE_STATE_SHIPPED_TO_CUSTOMER,
    );
    expect(nextState(K.CASE_KIND_PARCEL_PROBLEM, S.CASE_STATE_APPROVED, 'complete')).toBe(S.CASE_STATE_COMPLETED);
  });

  it('extend receipt time: no goods and no money move', () => {
    expect(refusal(K.CASE_KIND_EXTEND_RECEIPT_TIME, S.CASE_STATE_APPROVED, 'refund').rule).toBe(
      'aftersales.lifecycle.extend-receipt-time',
    );
  });

  it('rights claim: refunded or settled once the shop accepts it, never before', () => {
    expect(refusal(K.CASE_KIND_RIGHTS_CLAIM, S.CASE_STATE_REQUESTED, 'refund').rule).toBe(
      'aftersales.lifecycle.rights-claim',
    );
  });
});
