import { DataSource } from 'typeorm';
import {
  AuditLog,
  chainedAuditSchemas,
  commonConfigShape,
  loadConfig,
  verifyAuditChain,
  type ChainAnchor,
} from '@careflow/platform';
import { schemaOf } from './service-schemas';
import { errorText } from '@careflow/contracts';

/**
 * npm run audit:verify [-- all | <service or schema>...]
 *   Walks each service's audit hash chain; prints "intact" with the chain head (`head <seq>
 *   <sha256 hex>`: keep it outside the database, e.g. write-once storage, to anchor the chain),
 *   or the first broken row and why. Exit 1 when a chain is broken.
 * npm run audit:verify -- [...] --anchor <service or schema>:<seq>:<sha256 hex> [--anchor ...]
 *   Also proves each anchored row (a head printed by an earlier run) is still in the chain with
 *   the same hash: a superuser who rewrote the whole chain consistently is caught there.
 * npm run audit:verify -- <service or schema>... --disclosures <memberId> --from <ISO> --to <ISO>
 *   An accounting of disclosures (45 CFR 164.528): who accessed the member's data in each
 *   service during [from, to).
 * DATABASE_URL: a login that may read every service's audit tables (an administrator or auditor).
 */
async function main(): Promise<number> {
  const url = loadConfig({ DATABASE_URL: commonConfigShape.DATABASE_URL }).DATABASE_URL;
  const args = process.argv.slice(2);
  const option = (name: string): string | undefined => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const positional = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
  const db = await new DataSource({ type: 'postgres', url, extra: { max: 1 } }).initialize();
  try {
    const schemas =
      positional.length === 0 || positional.includes('all')
        ? await chainedAuditSchemas(db)
        : positional.map(schemaOf);
    const memberId = option('disclosures');
    if (memberId !== undefined) return await disclosures(url, schemas, memberId, option);
    const anchors = anchorsOf(args);
    let broken = 0;
    for (const schema of schemas) {
      const report = await verifyAuditChain(db, schema, anchors.get(schema) ?? []);
      if (report.intact) {
        const anchoredCount = anchors.get(schema)?.length ?? 0;
        process.stdout.write(
          `${schema}: intact, ${report.rows} rows, head ${report.head?.seq} ${report.head?.hash}${anchoredCount > 0 ? `, ${anchoredCount} anchors hold` : ''}\n`,
        );
      } else {
        broken += 1;
        const at = report.firstBroken!;
        process.stdout.write(
          `${schema}: BROKEN at chain row ${at.seq}${at.id ? ` (audit_log.id ${at.id})` : ''}: ${at.reason}; ${report.rows} rows before it verified\n`,
        );
      }
    }
    if (schemas.length === 0) process.stdout.write('no chained audit log in this database\n');
    return broken > 0 ? 1 : 0;
  } finally {
    await db.destroy();
  }
}

/** `--anchor <service or schema>:<seq>:<sha256 hex>`, each occurrence, by schema. */
function anchorsOf(args: readonly string[]): Map<string, ChainAnchor[]> {
  const anchors = new Map<string, ChainAnchor[]>();
  args.forEach((arg, i) => {
    if (arg !== '--anchor') return;
    const match = /^([\w-]+):(\d+):([0-9a-fA-F]{64})$/.exec(args[i + 1] ?? '');
    if (!match) throw new Error('--anchor takes <service or schema>:<seq>:<sha256 hex>');
    const schema = schemaOf(match[1]!);
    anchors.set(schema, [...(anchors.get(schema) ?? []), { seq: match[2]!, hash: match[3]! }]);
  });
  return anchors;
}

async function disclosures(
  url: string,
  schemas: string[],
  memberId: string,
  option: (name: string) => string | undefined,
): Promise<number> {
  const from = new Date(option('from') ?? '');
  const to = new Date(option('to') ?? '');
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || from >= to) {
    throw new Error('--from and --to must be ISO 8601 times, from before to');
  }
  for (const schema of schemas) {
    const db = await new DataSource({
      type: 'postgres',
      url,
      extra: { max: 1, options: `-c search_path=${schema}` },
    }).initialize();
    try {
      const report = await new AuditLog(db).disclosures(memberId, from, to, 10_000);
      process.stdout.write(
        `${schema}: ${report.disclosures.length} accesses${report.truncated ? ' (first 10,000)' : ''}\n`,
      );
      for (const d of report.disclosures) {
        process.stdout.write(
          `  ${d.at}  ${d.actorId} (${d.actorRoles.join(',')})  ${d.action}  ${d.resourceType}${d.resourceId ? ` ${d.resourceId}` : ''}  ${d.outcome}  from ${d.clientIp ?? '?'}\n`,
        );
      }
    } finally {
      await db.destroy();
    }
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`audit:verify: ${errorText(error)}\n`);
    process.exit(2);
  },
);
