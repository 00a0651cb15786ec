import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { hasRole, type Principal } from '@careflow/platform';
import type { Determination } from '../http/dto';
import { inVendorScope, vendorScopeOf } from '../http/vendor-scope';

export interface DeterminationInput {
  readonly determination: Determination;
  readonly date: string;
  /** Why a supervisor replaces a recorded determination; kept with the replacement. */
  readonly reason?: string | undefined;
}

/** What recording a determination did; the member is named for the audit entry. */
export type DeterminationOutcome =
  | { readonly kind: 'not-found' }
  | { readonly kind: 'out-of-scope'; readonly memberId: string }
  | { readonly kind: 'not-eligible'; readonly memberId: string }
  | { readonly kind: 'already-recorded'; readonly memberId: string }
  | { readonly kind: 'recorded'; readonly memberId: string; readonly replaced: boolean };

interface TargetRow {
  member_id: string;
  outcome: string;
  vendor_id: string | null;
  determination: Determination | null;
  determination_date: string | null;
  determination_recorded_by: string | null;
  determination_recorded_at: Date | null;
}

/**
 * Vendor determinations. The first one is recorded by an integrator of the request's vendor (or
 * an admin or supervisor); a recorded one is never overwritten, except by a supervisor who gives
 * a reason: the replaced determination and the reason are kept in `determination_overrides`.
 */
@Injectable()
export class DeterminationStore {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  record(
    requestId: string,
    input: DeterminationInput,
    principal: Principal,
  ): Promise<DeterminationOutcome> {
    return this.dataSource.transaction(async (manager) => {
      const rows: TargetRow[] = await manager.query(
        `SELECT member_id, outcome, vendor_id, determination,
                to_char(determination_date, 'YYYY-MM-DD') AS determination_date,
                determination_recorded_by, determination_recorded_at
           FROM routing_decisions WHERE request_id = $1 FOR UPDATE`,
        [requestId],
      );
      const row = rows[0];
      if (!row) return { kind: 'not-found' };
      const memberId = row.member_id;
      if (!inVendorScope(vendorScopeOf(principal), row.vendor_id)) {
        return { kind: 'out-of-scope', memberId };
      }
      if (row.outcome === 'not-eligible') return { kind: 'not-eligible', memberId };
      const replaced = row.determination !== null;
      if (replaced) {
        if (!hasRole(principal, 'supervisor') || !input.reason) {
          return { kind: 'already-recorded', memberId };
        }
        await manager.query(
          `INSERT INTO determination_overrides (request_id, previous_determination, previous_date,
                  previous_recorded_by, previous_recorded_at, determination, determination_date,
                  reason, overridden_by)
           VALUES ($1, $2, $3::date, $4, $5, $6, $7::date, $8, $9)`,
          [
            requestId,
            row.determination,
            row.determination_date,
            row.determination_recorded_by,
            row.determination_recorded_at,
            input.determination,
            input.date,
            input.reason,
            principal.id,
          ],
        );
      }
      await manager.query(
        `UPDATE routing_decisions
            SET determination = $2, determination_date = $3::date,
                determination_recorded_at = now(), determination_recorded_by = $4
          WHERE request_id = $1`,
        [requestId, input.determination, input.date, principal.id],
      );
      return { kind: 'recorded', memberId, replaced };
    });
  }
}
