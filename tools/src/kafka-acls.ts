import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  KAFKA_ADMIN_PRINCIPAL,
  kafkaAclGrants,
  kafkaAclTable,
  kafkaPrincipals,
  errorText,
  withKafkaAclTable,
} from '@careflow/contracts';
import { createKafkaClient, syncAcls } from '@careflow/messaging';
import { JsonLogger, kafkaConnectionFromEnv } from '@careflow/platform';

const usage = `Careflow's Kafka principals and ACLs, generated from the contract's topic catalog.

  npm run kafka:acls -- table        print the ACL table (markdown)
  npm run kafka:acls -- principals   print the SCRAM principals besides the admin, one a line
  npm run kafka:acls -- readme       rewrite the table in README.md between its markers
  npm run kafka:acls -- apply        make the broker's ACLs those of the table, as the admin

'apply' connects with KAFKA_BROKERS, KAFKA_SECURITY_PROTOCOL, KAFKA_SSL_* and KAFKA_SASL_*
(KAFKA_SASL_USERNAME=${KAFKA_ADMIN_PRINCIPAL}); infra/up.sh runs it on every start.`;

/** The README that carries the generated table. */
const README_PATH = resolve(__dirname, '..', '..', 'README.md');

/** Syncs the broker's ACLs; prints the table when that changed something. */
async function apply(): Promise<void> {
  const connection = kafkaConnectionFromEnv('careflow-kafka-acls');
  if (connection.sasl?.username !== KAFKA_ADMIN_PRINCIPAL)
    throw new Error(`apply runs as the ${KAFKA_ADMIN_PRINCIPAL} principal (KAFKA_SASL_USERNAME)`);
  const kafka = createKafkaClient(connection, new JsonLogger('kafka-acls', 'warn'));
  const principals = kafkaPrincipals()
    .filter((p) => p.role !== 'admin')
    .map((p) => p.name);
  const result = await syncAcls(kafka, kafkaAclGrants(), principals);
  process.stderr.write(
    `kafka-acls: ${result.created} created, ${result.removed} removed, ${result.unchanged} unchanged (${principals.length} principals)\n`,
  );
  if (result.created + result.removed > 0) process.stderr.write(`${kafkaAclTable()}\n`);
}

function writeReadme(): void {
  const text = readFileSync(README_PATH, 'utf8');
  const updated = withKafkaAclTable(text, kafkaAclTable());
  if (updated === undefined) throw new Error(`${README_PATH} has no kafka-acls markers`);
  if (updated !== text) writeFileSync(README_PATH, updated);
}

async function main(): Promise<void> {
  switch (process.argv[2]) {
    case 'table':
      process.stdout.write(`${kafkaAclTable()}\n`);
      return;
    case 'principals':
      for (const p of kafkaPrincipals())
        if (p.role !== 'admin') process.stdout.write(`${p.name}\n`);
      return;
    case 'readme':
      writeReadme();
      return;
    case 'apply':
      await apply();
      return;
    default:
      process.stdout.write(`${usage}\n`);
      process.exitCode = process.argv[2] === '--help' ? 0 : 2;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`kafka-acls: ${errorText(error)}\n`);
  process.exit(1);
});
