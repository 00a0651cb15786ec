import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// Every service's routes are checked by the generated authorization matrix (401, 403, 404 and
// audit per route, from its OpenAPI document): a service without the suite would go unchecked.
const services = join(__dirname, '..', 'services');
const serviceNames = readdirSync(services, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

describe('the authorization matrix', () => {
  it('finds the services', () => {
    expect(serviceNames.length).toBeGreaterThanOrEqual(5);
  });

  it.each(serviceNames)('has a suite in services/%s that fails on any failure', (name) => {
    const suite = join(services, name, 'test', 'authorization-matrix.int-spec.ts');
    expect(existsSync(suite)).toBe(true);
    const text = readFileSync(suite, 'utf8');
    expect(text).toContain('checkAuthorizationMatrix(');
    expect(text).toMatch(/failures\)\.toEqual\(\[\]\)/);
  });
});
