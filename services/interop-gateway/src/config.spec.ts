import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { describeConfig } from '@careflow/platform';
import { DEFAULT_ENROLLMENT_MAPPING } from '@careflow/interop-mapping';
import { InteropGatewayConfigShape, loadInteropGatewayConfig } from './config';
import { loadEnrollmentMapping } from './x12/enrollment-mapping.loader';

describe('interop-gateway configuration', () => {
  it('is documented in the README exactly as describeConfig renders it', () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    expect(readme).toContain(describeConfig(InteropGatewayConfigShape));
  });

  it('listens on 3005 by default and refuses a receiver id an ISA cannot carry', () => {
    const base = { AUTH_JWT_SECRET: 'x'.repeat(32) };
    expect(loadInteropGatewayConfig(base).PORT).toBe(3005);
    expect(() =>
      loadInteropGatewayConfig({ ...base, X12_RECEIVER_ID: 'MORE THAN FIFTEEN CHARS' }),
    ).toThrow(/X12_RECEIVER_ID/);
  });

  it('uses the documented mapping by default, and refuses a mapping file naming the field at fault', () => {
    expect(loadEnrollmentMapping(undefined)).toBe(DEFAULT_ENROLLMENT_MAPPING);
    const file = join(mkdtempSync(join(tmpdir(), 'mapping-')), 'mapping.json');
    writeFileSync(
      file,
      JSON.stringify({ ...DEFAULT_ENROLLMENT_MAPPING, plans: [{ lineOfBusiness: 'mars' }] }),
    );
    expect(() => loadEnrollmentMapping(file)).toThrow(/plans\.0\.lineOfBusiness/);
    writeFileSync(file, JSON.stringify(DEFAULT_ENROLLMENT_MAPPING));
    expect(loadEnrollmentMapping(file)).toEqual(DEFAULT_ENROLLMENT_MAPPING);
  });
});
