import { parseRoutingPolicy } from './parse';
import { PolicyRegistry } from './registry';
import type { RoutingPolicy } from './schema';
import { miUm20251Document } from './versions/mi-um-2025.1';
import { miUm20252Document } from './versions/mi-um-2025.2';

/** mi-um-2025.1, validated when this module loads: decisions made before 2025.2's adoption. */
export const MI_UM_2025_1: RoutingPolicy = parseRoutingPolicy(miUm20251Document);

/** mi-um-2025.2 (supersedes 2025.1 from its adoption): the current routing policy. */
export const MI_UM_2025_2: RoutingPolicy = parseRoutingPolicy(miUm20252Document);

/** Every policy version shipped with the library, oldest first (a revision after what it revises). */
export const BUILT_IN_POLICIES: readonly RoutingPolicy[] = [MI_UM_2025_1, MI_UM_2025_2];

/** A registry holding the built-in versions; register more with `registry.register(json)`. */
export function createDefaultPolicyRegistry(): PolicyRegistry {
  return new PolicyRegistry(BUILT_IN_POLICIES);
}
