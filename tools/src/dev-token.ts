import {
  DevelopmentTokenClient,
  issueDevelopmentToken,
  type Principal,
  type Role,
  ROLES,
} from '@careflow/platform';
import { parseArgs } from 'node:util';
import { errorText } from '@careflow/contracts';

/**
 * Prints access tokens that all four services accept. With AUTH_MODE=oidc (the default; `npm
 * start` and infra/up.sh set AUTH_ISSUER) they come from the development identity provider's
 * development grant; with AUTH_MODE=development-hs256 they are signed with AUTH_JWT_SECRET. The
 * ids match the provider's seeded users and the roster case-management seeds in development.
 *
 *   npm run -s token                      a token for each seeded principal
 *   npm run -s token -- <role> [--sub id] one token
 */
const principals: Principal[] = [
  { id: 'sup-001', name: 'Sam Supervisor', roles: ['supervisor'] },
  { id: 'cm-001', name: 'Rosa Martinez, RN', roles: ['case-manager'] },
  {
    id: 'integrator-dev',
    name: 'Portal Integrator',
    roles: ['integrator'],
    vendors: [
      'bcbsm-bcn-pharmacy',
      'aim-specialty-health',
      'accredo',
      'express-scripts',
      'optumrx',
    ],
  },
  { id: 'admin-dev', name: 'Platform Admin', roles: ['admin'] },
  { id: 'auditor-dev', name: 'Ada Auditor', roles: ['auditor'] },
];

function tokenSource(): (principal: Principal) => Promise<string> {
  if (process.env.AUTH_MODE === 'development-hs256') {
    const secret = process.env.AUTH_JWT_SECRET;
    if (!secret) throw new Error('AUTH_JWT_SECRET is not set');
    return (principal) => issueDevelopmentToken(principal, secret);
  }
  const client = new DevelopmentTokenClient();
  return async (principal) => (await client.request(principal)).token;
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { sub: { type: 'string' } },
  });
  const only = positionals[0];
  if (only !== undefined && !(ROLES as readonly string[]).includes(only)) {
    throw new Error(`unknown role ${only}; one of: ${ROLES.join(', ')}`);
  }
  const issue = tokenSource();
  for (const seeded of principals) {
    if (only && !seeded.roles.includes(only as Role)) continue;
    const principal = values.sub ? { ...seeded, id: values.sub } : seeded;
    const token = await issue(principal);
    process.stdout.write(
      only
        ? `${token}\n`
        : `  ${principal.roles.join(',').padEnd(13)} ${principal.id.padEnd(15)} ${token}\n`,
    );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${errorText(error)}\n`);
  process.exit(1);
});
