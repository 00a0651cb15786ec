import { parseRoutingPolicy } from './parse';
import { PolicyRegistry } from './registry';
import type { RoutingPolicy } from './schema';
import { miUm20251Document } from './versions/mi-um-2025.1';

/** mi-um-2025.1, validated when this module loads. */
export const MI_UM_2025_1: RoutingPolicy = parseRoutingPolicy(miUm20251Document);

/** Every policy version shipped with the library, oldest first. */
export const BUILT_IN_POLICIES: readonly RoutingPolicy[] = [MI_UM_2025_1];

/** A registry holding the built-in versions; register more with `registry.register(json)`. */
export function createDefaultPolicyRegistry(): PolicyRegistry {
  return new PolicyRegistry(BUILT_IN_POLICIES);
}
