import { PermissionDenied } from '@cs/errors';
import { describe, expect, it } from 'vitest';
import { SIGNER_RULE, signerOfReturnedParcel } from '../../src/domain/returned-parcel-signer.rule.js';

const warehouse = { roles: ['warehouse-staff'], name: '小刘' };
const aftersales = { roles: ['aftersales-agent'], name: '王五' };
const supervisor = { roles: ['supervisor'], name: '钱主管' };

describe('原件已收到: who may sign a returned parcel in (the warehouse signs it, the desk records it)', () => {
  it('warehouse staff sign as themselves; no name given means the caller', () => {
    expect(signerOfReturnedParcel(warehouse, '小刘')).toBe('小刘');
    expect(signerOfReturnedParcel(warehouse, '  ')).toBe('小刘');
  });

  it('warehouse staff may not sign in another person’s name', () => {
    expect(() => signerOfReturnedParcel(warehouse, '小王')).toThrow(PermissionDenied);
    expect(() => signerOfReturnedParcel(warehouse, '小王')).toThrow(SIGNER_RULE);
  });

  it('the after-sales desk and supervisors record the warehouse person named on the slip', () => {
    expect(signerOfReturnedParcel(aftersales, ' 仓库小刘 ')).toBe('仓库小刘');
    expect(signerOfReturnedParcel(supervisor, '仓库小刘')).toBe('仓库小刘');
    // A token with both roles records for others, as the desk does.
    expect(signerOfReturnedParcel({ roles: ['warehouse-staff', 'aftersales-agent'], name: '王五' }, '小刘')).toBe(
      '小刘',
    );
  });

  it('the desk must name the signer: an empty name stays empty for the validator to refuse', () => {
    expect(signerOfReturnedParcel(aftersales, '')).toBe('');
  });
});
