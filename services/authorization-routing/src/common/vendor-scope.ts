import { seesAllMembers, type Principal } from '@careflow/platform';

/**
 * Which routed requests a caller may see: supervisors and admins all of them; an integrator
 * only those routed to one of its vendors (the token's vendors claim). An integrator without
 * the claim, or with an empty one, sees none: no vendor is assumed.
 */
export type VendorScope =
  { readonly kind: 'all' } | { readonly kind: 'vendors'; readonly vendors: readonly string[] };

export function vendorScopeOf(principal: Principal): VendorScope {
  if (seesAllMembers(principal)) return { kind: 'all' };
  return { kind: 'vendors', vendors: principal.vendors ?? [] };
}

/** Whether a decision routed to `vendorId` (null: no vendor) is within the scope. */
export function inVendorScope(scope: VendorScope, vendorId: string | null | undefined): boolean {
  if (scope.kind === 'all') return true;
  return typeof vendorId === 'string' && scope.vendors.includes(vendorId);
}

/** The scope as a SQL parameter: null for all, else the vendor ids (`vendor_id = ANY(...)`). */
export function vendorFilterOf(scope: VendorScope): string[] | null {
  return scope.kind === 'all' ? null : [...scope.vendors];
}
