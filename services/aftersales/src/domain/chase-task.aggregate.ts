import { randomUUID } from 'node:crypto';
import { ChaseParty, ChaseResolution, ChaseTaskStatus } from '@cs/contracts/cs/aftersales/v1/tracking_service';
import type { AgentRef, CustomerRef } from '@cs/contracts/cs/common/v1/refs';
import { RuleViolation } from '@cs/errors';
import type { Shipment } from './shipment.entity.js';

export const CHASE_RULE = {
  chaseWhileOpen: 'aftersales.chase.chase-while-open',
  resolvedOnce: 'aftersales.chase.resolved-once',
} as const;

/** 查件 (domain.md §3, daily follow-up): a silent parcel is chased with the courier and the customer. */
export const CHASE_PARTIES: readonly ChaseParty[] = [ChaseParty.CHASE_PARTY_COURIER, ChaseParty.CHASE_PARTY_CUSTOMER];

export interface ChaseRecord {
  party: ChaseParty;
  contact: string;
  said: string;
  by: AgentRef;
  at: string;
}

/**
 * One chase task per silence of a shipment: opened by the background job when a parcel has had
 * no tracking update for the threshold, worked by the desk, resolved once.
 */
export class ChaseTask {
  id!: string;
  trackingNumber!: string;
  courier!: string;
  orderId!: string;
  customer!: CustomerRef;
  /** The shipment's last update when the task opened; a later update ends this silence. */
  silentSince!: Date;
  status!: ChaseTaskStatus;
  parties!: ChaseParty[];
  chases!: ChaseRecord[];
  openedAt!: Date;
  resolution!: ChaseResolution;
  resolutionNote!: string;
  resolvedBy?: AgentRef | null;
  resolvedAt?: Date | null;
  caseId?: string | null;
  version!: number;

  static open(shipment: Shipment, at: Date): ChaseTask {
    return Object.assign(new ChaseTask(), {
      id: randomUUID(),
      trackingNumber: shipment.trackingNumber,
      courier: shipment.courier,
      orderId: shipment.orderId,
      customer: shipment.customer,
      silentSince: shipment.lastUpdateAt,
      status: ChaseTaskStatus.CHASE_TASK_STATUS_OPEN,
      parties: [...CHASE_PARTIES],
      chases: [],
      openedAt: at,
      resolution: ChaseResolution.CHASE_RESOLUTION_UNSPECIFIED,
      resolutionNote: '',
    });
  }

  isOpen(): boolean {
    return this.status === ChaseTaskStatus.CHASE_TASK_STATUS_OPEN;
  }

  /** A chase is recorded while the task is open; afterwards the parcel is no longer chased. */
  recordChase(chase: Omit<ChaseRecord, 'at'>, at: Date): void {
    if (!this.isOpen()) {
      throw new RuleViolation(CHASE_RULE.chaseWhileOpen, `chase task ${this.id} is resolved: nothing left to chase`);
    }
    this.chases = [...this.chases, { ...chase, at: at.toISOString() }];
  }

  /** A task is resolved once; the resolution's case work checks this before it starts. */
  ensureUnresolved(): void {
    if (!this.isOpen()) {
      throw new RuleViolation(
        CHASE_RULE.resolvedOnce,
        `chase task ${this.id} was already resolved (${this.resolution})`,
      );
    }
  }

  resolve(resolution: ChaseResolution, at: Date, { by, note = '', caseId }: ResolveDetails = {}): void {
    this.ensureUnresolved();
    this.status = ChaseTaskStatus.CHASE_TASK_STATUS_RESOLVED;
    this.resolution = resolution;
    this.resolutionNote = note;
    this.resolvedBy = by ?? null;
    this.resolvedAt = at;
    this.caseId = caseId ?? null;
  }
}

export interface ResolveDetails {
  by?: AgentRef;
  note?: string;
  caseId?: string;
}

/** A tracking update newer than the silence being chased means the parcel moves again. */
export function trackingResumes(task: ChaseTask, updateAt: Date, delivered: boolean): boolean {
  return task.isOpen() && (delivered || updateAt.getTime() > task.silentSince.getTime());
}
