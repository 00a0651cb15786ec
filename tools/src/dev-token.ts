import { issueAccessToken, type Principal } from '@careflow/platform';

/**
 * Prints development tokens signed with AUTH_JWT_SECRET. The case manager ids match the roster
 * that case-management seeds in development.
 */
const principals: Principal[] = [
  { id: 'sup-001', name: 'Sam Supervisor', roles: ['supervisor'] },
  { id: 'cm-001', name: 'Casey Manager', roles: ['case-manager'] },
  { id: 'integrator-dev', name: 'Portal Integrator', roles: ['integrator'] },
  { id: 'admin-dev', name: 'Platform Admin', roles: ['admin'] },
];

async function main(): Promise<void> {
  const secret = process.env.AUTH_JWT_SECRET;
  if (!secret) throw new Error('AUTH_JWT_SECRET is not set');
  const only = process.argv[2];
  for (const principal of principals) {
    if (only && principal.id !== only && !principal.roles.includes(only as never)) continue;
    const token = await issueAccessToken(principal, secret);
    process.stdout.write(
      only
        ? `${token}\n`
        : `  ${principal.roles.join(',').padEnd(13)} ${principal.id.padEnd(15)} ${token}\n`,
    );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
