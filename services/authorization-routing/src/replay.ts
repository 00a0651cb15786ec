import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { isoDate, PlanCalendar, errorText } from '@careflow/contracts';
import { safeParseRoutingPolicy } from '@careflow/michigan-policy';
import { commonConfigShape, loadConfig, serviceDataSourceOptions } from '@careflow/platform';
import {
  authorizationRoutingEntities,
  authorizationRoutingMigrations,
} from './authorization-routing.module';
import { formatReport } from './replay/compare';
import { replayPolicy } from './replay/replay';
import { AuthorizationRoutingConfigShape } from './config';
import { drugClassReferenceOf } from './routing/drug-reference';

const USAGE =
  'usage: node services/authorization-routing/dist/replay.js --policy <file.json> --from YYYY-MM-DD --to YYYY-MM-DD [--json]';

/** Reads `--name value` pairs and `--flag`s. */
export function parseArgs(argv: readonly string[]): Map<string, string> {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 1) {
    const name = argv[i];
    if (!name?.startsWith('--')) throw new Error(`unexpected argument "${name ?? ''}"`);
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) args.set(name.slice(2), 'true');
    else {
      args.set(name.slice(2), value);
      i += 1;
    }
  }
  return args;
}

/**
 * Replays a candidate policy version over the recorded PA requests of a period, with the coverage
 * each original decision used, and prints the decisions that would change. Reads the service's
 * database (DATABASE_URL); publishes and writes nothing.
 */
async function main(): Promise<number> {
  let args: Map<string, string>;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${errorText(error)}\n${USAGE}\n`);
    return 2;
  }
  const file = args.get('policy');
  const from = args.get('from');
  const to = args.get('to');
  if (!file || !from || !to || !isoDate.safeParse(from).success || !isoDate.safeParse(to).success) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  if (to < from) {
    process.stderr.write(`--to ${to} is before --from ${from}\n`);
    return 2;
  }
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    process.stderr.write(`cannot read ${file}: ${errorText(error)}\n`);
    return 2;
  }
  const parsed = safeParseRoutingPolicy(document);
  if (!parsed.success) {
    process.stderr.write(
      `${file} is not a valid routing policy:\n${parsed.issues.map((i) => `  - ${i}`).join('\n')}\n`,
    );
    return 2;
  }
  const config = loadConfig({
    DATABASE_URL: commonConfigShape.DATABASE_URL,
    PLAN_TIME_ZONE: commonConfigShape.PLAN_TIME_ZONE,
    DRUG_CLASS_REFERENCE_FILE: AuthorizationRoutingConfigShape.DRUG_CLASS_REFERENCE_FILE,
  });
  const dataSource = new DataSource(
    serviceDataSourceOptions({
      url: config.DATABASE_URL,
      schema: 'authorization_routing',
      entities: authorizationRoutingEntities,
      migrations: authorizationRoutingMigrations,
      poolSize: 2,
    }),
  );
  await dataSource.initialize();
  try {
    const report = await replayPolicy(
      dataSource.manager,
      parsed.policy,
      from,
      to,
      new PlanCalendar(config.PLAN_TIME_ZONE),
      drugClassReferenceOf(config.DRUG_CLASS_REFERENCE_FILE),
    );
    process.stdout.write(
      args.has('json')
        ? `${JSON.stringify(report, null, 2)}\n`
        : `${formatReport(report, { policyVersion: parsed.policy.version, from, to })}\n`,
    );
  } finally {
    await dataSource.destroy();
  }
  return 0;
}

if (require.main === module) {
  main()
    .then((code) => {
      process.exitCode = code;
    })
    .catch((error: unknown) => {
      process.stderr.write(`${errorText(error)}\n`);
      process.exitCode = 1;
    });
}
