import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { errorText } from '@careflow/contracts';
import { DevelopmentTokenClient, issueDevelopmentToken, type Principal } from '@careflow/platform';

/** What send-834 and send-837 share: the token, the upload, the exit code from the answer. */
const AUDIENCE = 'careflow-interop-gateway';

async function tokenFor(principal: Principal): Promise<string> {
  if (process.env.AUTH_MODE === 'development-hs256') {
    const secret = process.env.AUTH_JWT_SECRET;
    if (!secret) throw new Error('AUTH_JWT_SECRET is not set');
    return issueDevelopmentToken(principal, secret, { audience: AUDIENCE });
  }
  return (await new DevelopmentTokenClient().request(principal, AUDIENCE)).token;
}

/** Sends the file named on the command line and prints the acknowledgment (see each CLI's usage). */
export async function sendX12(usage: string, sender: Principal): Promise<void> {
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

/** Runs a CLI's `sendX12`, printing an error without a stack and exiting 1. */
export function runSendX12(usage: string, sender: Principal): void {
  sendX12(usage, sender).catch((error: unknown) => {
    process.stderr.write(`${errorText(error)}\n`);
    process.exit(1);
  });
}
