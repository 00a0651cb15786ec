import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { errorText } from '@careflow/contracts';
import { DevelopmentTokenClient, issueDevelopmentToken, type Principal } from '@careflow/platform';

const usage = `Sends an X12 interchange (an 834 enrollment file) to the interop gateway, as a plan's
enrollment system would, and prints the 999 or TA1 it answers.

  npm run send-834 -- <file.x12> [--url http://127.0.0.1:3005] [--token <access token>]

Without --token it asks the development identity provider (AUTH_ISSUER) for an integrator token
for the gateway's audience (AUTH_MODE=development-hs256: signs one with AUTH_JWT_SECRET).
Exits 0 when every transaction set was accepted, 2 when some were rejected, 1 on a TA1 or an error.`;

const sender: Principal = { id: 'enrollment-dev', name: 'Enrollment feed', roles: ['integrator'] };
const AUDIENCE = 'careflow-interop-gateway';

async function tokenFor(principal: Principal): Promise<string> {
  if (process.env.AUTH_MODE === 'development-hs256') {
    const secret = process.env.AUTH_JWT_SECRET;
    if (!secret) throw new Error('AUTH_JWT_SECRET is not set');
    return issueDevelopmentToken(principal, secret, { audience: AUDIENCE });
  }
  return (await new DevelopmentTokenClient().request(principal, AUDIENCE)).token;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      url: { type: 'string', default: process.env.INTEROP_GATEWAY_URL ?? 'http://127.0.0.1:3005' },
      token: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  const file = positionals[0];
  if (values.help || file === undefined || positionals.length !== 1) {
    process.stdout.write(`${usage}\n`);
    process.exitCode = values.help ? 0 : 1;
    return;
  }
  const token = values.token ?? (await tokenFor(sender));
  const response = await fetch(`${values.url}/x12`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/edi-x12' },
    body: readFileSync(file),
  });
  const body = await response.text();
  process.stdout.write(body.endsWith('\n') ? body : `${body}\n`);
  if (!response.ok) throw new Error(`the gateway answered HTTP ${response.status}`);
  const kind = response.headers.get('x12-acknowledgment');
  process.stderr.write(
    `${kind ?? 'answer'}${response.headers.get('x12-duplicate') === 'true' ? ' (received before: nothing published again)' : ''}\n`,
  );
  if (kind === 'TA1') process.exitCode = 1;
  else if (/IK5\*R/.test(body)) process.exitCode = 2;
}

main().catch((error: unknown) => {
  process.stderr.write(`${errorText(error)}\n`);
  process.exit(1);
});
