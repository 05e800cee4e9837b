import { EntitySchema } from '@mikro-orm/postgresql';
import { BankTransfer } from '../domain/bank-transfer.entity.js';

export const BankTransferSchema = new EntitySchema<BankTransfer>({
  class: BankTransfer,
  tableName: 'bank_transfers',
  properties: {
    id: { type: 'uuid', primary: true },
    payerName: { type: 'string' },
    amount: { type: 'json' },
    transferredAt: { type: 'datetime' },
    reference: { type: 'string', unique: true },
    orderId: { type: 'string', nullable: true },
    matchedAt: { type: 'datetime', nullable: true },
    registeredBy: { type: 'json' },
    registeredAt: { type: 'datetime' },
    version: { type: 'integer', version: true },
  },
});
