import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { kafkaAclTable, withKafkaAclTable } from '@careflow/contracts';

describe('the Kafka ACL table in README.md', () => {
  it('is the one generated from the topic catalog (npm run kafka:acls -- readme)', () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    const regenerated = withKafkaAclTable(readme, kafkaAclTable());
    expect(regenerated).toBeDefined();
    expect(readme).toBe(regenerated);
  });
});
