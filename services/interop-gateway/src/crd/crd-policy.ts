import { Inject, Injectable } from '@nestjs/common';
import {
  builtInHcpcsReference,
  compileRoutingPolicy,
  createDefaultPolicyRegistry,
  loadHcpcsReferenceFile,
  type HcpcsReference,
  type PolicyRouter,
} from '@careflow/michigan-policy';
import type { InteropGatewayConfig } from '../config';
import { INTEROP_GATEWAY_CONFIG } from '../interop-gateway.tokens';

/**
 * The routing policy versions bundled with @careflow/michigan-policy, each compiled once: the
 * version in force on a date, as authorization-routing seeds them. A version authorization-routing
 * activates at run time over its HTTP API is not seen here (no event carries policy versions);
 * every answer names its policy version, so a difference shows.
 */
@Injectable()
export class CrdPolicy {
  private readonly registry = createDefaultPolicyRegistry();
  private readonly routers = new Map<string, PolicyRouter>();
  private readonly drugReference: HcpcsReference;

  constructor(@Inject(INTEROP_GATEWAY_CONFIG) config: InteropGatewayConfig) {
    this.drugReference =
      config.DRUG_CLASS_REFERENCE_FILE === ''
        ? builtInHcpcsReference()
        : loadHcpcsReferenceFile(config.DRUG_CLASS_REFERENCE_FILE);
  }

  /**
   * The router of the version deciding on `date` (YYYY-MM-DD, today) for that date of service: a
   * revision adopted by then supersedes the version it revises. Null before the first one.
   */
  routerOn(date: string): PolicyRouter | null {
    const policy = this.registry.versionFor({ dateOfService: date, decidedOn: date });
    if (!policy) return null;
    let router = this.routers.get(policy.version);
    if (!router) {
      router = compileRoutingPolicy(policy, { drugReference: this.drugReference });
      this.routers.set(policy.version, router);
    }
    return router;
  }
}
