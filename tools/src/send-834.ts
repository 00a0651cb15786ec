import type { Principal } from '@careflow/platform';
import { runSendX12 } from './x12-upload';

const usage = `Sends an X12 interchange (an 834 enrollment file) to the interop gateway, as a plan's
enrollment system would, and prints the 999 or TA1 it answers.

  npm run send-834 -- <file.x12> [--url http://127.0.0.1:3005] [--token <access token>]

Without --token it asks the development identity provider (AUTH_ISSUER) for an integrator token
for the gateway's audience (AUTH_MODE=development-hs256: signs one with AUTH_JWT_SECRET).
Exits 0 when every transaction set was accepted, 2 when some were rejected, 1 on a TA1 or an error.`;

const sender: Principal = { id: 'enrollment-dev', name: 'Enrollment feed', roles: ['integrator'] };
runSendX12(usage, sender);
