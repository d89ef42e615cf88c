import { randomUUID } from 'node:crypto';
import { Entity, Enum, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { LoyaltyAccount } from './loyalty-account.entity';
import { PointsPosting } from './points-posting.entity';

/** A ledger account a line is written to: a customer's loyalty account, or one of the programme's. */
export type LedgerAccount = 'CUSTOMER' | 'ISSUED' | 'REDEEMED' | 'EXPIRED' | 'FORFEITED';

/** One side of a posting: a signed amount on one ledger account. A posting's lines sum to zero. */
@Entity({ tableName: 'points_line' })
export class PointsLine {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => PointsPosting, { fieldName: 'posting_id', mapToPk: true })
  postingId!: string;

  @Enum({ items: ['CUSTOMER', 'ISSUED', 'REDEEMED', 'EXPIRED', 'FORFEITED'] })
  ledgerAccount!: LedgerAccount;

  @ManyToOne(() => LoyaltyAccount, { fieldName: 'account_id', mapToPk: true, nullable: true })
  accountId?: string | null;

  @Property({ type: 'bigint' })
  amount!: string;
}
