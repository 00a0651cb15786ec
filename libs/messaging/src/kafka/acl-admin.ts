import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  ResourcePatternTypes,
  type AclEntry,
  type Kafka,
} from 'kafkajs';
import type { AclGrant } from '@careflow/contracts';

const RESOURCE_TYPES = { TOPIC: AclResourceTypes.TOPIC, GROUP: AclResourceTypes.GROUP } as const;
const PATTERN_TYPES = {
  LITERAL: ResourcePatternTypes.LITERAL,
  PREFIXED: ResourcePatternTypes.PREFIXED,
} as const;
const OPERATIONS = {
  READ: AclOperationTypes.READ,
  WRITE: AclOperationTypes.WRITE,
  CREATE: AclOperationTypes.CREATE,
  DESCRIBE: AclOperationTypes.DESCRIBE,
} as const;

/** The broker's form of a grant: `User:<name>`, from any host, ALLOW. */
export function aclEntryOf(grant: AclGrant): AclEntry {
  return {
    principal: `User:${grant.principal}`,
    host: '*',
    resourceType: RESOURCE_TYPES[grant.resourceType],
    resourceName: grant.resourceName,
    resourcePatternType: PATTERN_TYPES[grant.patternType],
    operation: OPERATIONS[grant.operation],
    permissionType: AclPermissionTypes.ALLOW,
  };
}

function keyOf(entry: AclEntry): string {
  return [
    entry.principal,
    entry.host,
    entry.resourceType,
    entry.resourceName,
    entry.resourcePatternType,
    entry.operation,
    entry.permissionType,
  ].join('|');
}

export interface AclSync {
  readonly created: number;
  readonly removed: number;
  readonly unchanged: number;
}

/**
 * Makes the broker's ACLs of `principals` exactly `grants` (run as a super user): missing ones
 * are created, ones the model no longer has are deleted, so a principal loses access the moment
 * the catalog stops granting it. ACLs of other principals are left alone.
 */
export async function syncAcls(
  kafka: Kafka,
  grants: readonly AclGrant[],
  principals: readonly string[],
): Promise<AclSync> {
  const wanted = new Map(grants.map((g) => [keyOf(aclEntryOf(g)), aclEntryOf(g)]));
  const managed = new Set(principals.map((p) => `User:${p}`));
  const admin = kafka.admin();
  await admin.connect();
  try {
    const described = await admin.describeAcls({
      resourceType: AclResourceTypes.ANY,
      resourcePatternType: ResourcePatternTypes.ANY,
      operation: AclOperationTypes.ANY,
      permissionType: AclPermissionTypes.ANY,
    });
    const existing = described.resources.flatMap((resource) =>
      resource.acls.map((acl) => ({
        resourceType: resource.resourceType,
        resourceName: resource.resourceName,
        resourcePatternType: resource.resourcePatternType,
        ...acl,
      })),
    );
    const present = new Set(existing.map(keyOf));
    const missing = [...wanted.values()].filter((entry) => !present.has(keyOf(entry)));
    const stale = existing.filter((e) => managed.has(e.principal) && !wanted.has(keyOf(e)));
    if (missing.length > 0) await admin.createAcls({ acl: missing });
    // A filter with every field set matches exactly that one ACL.
    if (stale.length > 0) await admin.deleteAcls({ filters: stale });
    return {
      created: missing.length,
      removed: stale.length,
      unchanged: wanted.size - missing.length,
    };
  } finally {
    await admin.disconnect();
  }
}
