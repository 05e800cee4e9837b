import { Outbox } from '@cs/bus';
import type { PlatformConfig } from '@cs/config';
import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import {
  ChangeAddressOutcome,
  type ChangeAddressRequest,
  type ChangeAddressResponse,
} from '@cs/contracts/cs/orders/v1/orders_service';
import { NotFound } from '@cs/errors';
import { type CommandDecision, type LeanCommand, outboxRows } from '@cs/persistence';
import { CONFIG } from '@cs/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { type AddressChangeDecision, ShippedOrderChangeRefused } from '../domain/order.aggregate.js';
import { OrderCommands } from '../infrastructure/order-commands.js';
import { validateChangeAddress } from './change-address.validator.js';
import { changeContext, checkExpectedVersion, retryIdentity } from './change-context.js';
import { changeRows, handOverRows } from './change-rows.js';
import { changeView, deskTaskView, orderView, remarkView } from './order.view.js';

/**
 * 改地址: decided by the fulfilment stage at commit time. The change, its remark, any desk tasks
 * and the events commit together; a shipped order is refused and handed to after-sales.
 * A hot command: it runs on the lean path (two pipelined round trips; see CommandTransactions),
 * the order's version guarding the stage it decided on.
 */
@Injectable()
export class ChangeAddressHandler {
  constructor(
    private readonly commands: OrderCommands,
    @Inject(CONFIG) private readonly config: PlatformConfig,
  ) {}

  /** `actor`: who makes the change, from their token; the remark is signed with their name. */
  execute(request: ChangeAddressRequest, actor: AgentRef): Promise<ChangeAddressResponse> {
    validateChangeAddress(request);
    return this.commands.transactions.runIdempotent('ChangeAddress', retryIdentity(request, actor), () =>
      this.changeAddress(request, actor),
    );
  }

  private changeAddress(request: ChangeAddressRequest, actor: AgentRef): LeanCommand<ChangeAddressResponse> {
    const { orders } = this.commands;
    return {
      reads: [orders.selectById(request.orderId)],
      decide: ([rows]): CommandDecision<ChangeAddressResponse> => {
        if (!rows?.[0]) throw new NotFound('order', request.orderId);
        const order = orders.hydrate(rows[0]);
        checkExpectedVersion(order, request.expectedVersion);
        const before = orders.snapshot(order);
        const readVersion = order.version;
        const newAddress = request.newAddress!;
        let decision: AddressChangeDecision;
        try {
          decision = order.changeAddress(newAddress, changeContext(request, actor, this.config.shopTimezone));
        } catch (error) {
          if (!(error instanceof ShippedOrderChangeRefused)) throw error;
          const handOver = handOverRows(this.commands, order, error, actor, { requestedAddress: newAddress });
          return { inserts: [...handOver.inserts, outboxRows(handOver.events)], outcome: { error: handOver.error } };
        }
        order.version = readVersion + 1;
        const { inserts, events } = changeRows(this.commands, order, decision);
        const addressChanged = Outbox.event(
          'cs.orders.order.address_changed',
          {
            orderId: order.id,
            previousAddress: decision.previousAddress,
            newAddress,
            remark: remarkView(decision.remark),
            orderVersion: order.version,
          },
          { aggregateId: order.id, aggregateVersion: order.version },
        );
        return {
          guard: orders.versionedUpdate(order, before, readVersion),
          inserts: [...inserts, outboxRows([...events, addressChanged])],
          outcome: {
            response: {
              outcome: decision.tasks.length
                ? ChangeAddressOutcome.CHANGE_ADDRESS_OUTCOME_WAREHOUSE_TASK_OPENED
                : ChangeAddressOutcome.CHANGE_ADDRESS_OUTCOME_CHANGED,
              order: orderView(order),
              remark: remarkView(decision.remark),
              change: changeView(decision.change),
              tasks: decision.tasks.map(deskTaskView),
            },
          },
        };
      },
    };
  }
}
