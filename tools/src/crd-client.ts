import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { errorText } from '@careflow/contracts';

const usage = `A development CDS Hooks client (an EHR) for the interop gateway's Da Vinci CRD service: it
keeps an ES384 key pair, serves its JWK Set, and signs the JWT CDS Hooks asks for on each call.

  npm run crd-client -- serve [--port 3099]          serve the JWK Set at http://127.0.0.1:<port>/jwks.json
  npm run -s crd-client -- jwt <path> [--base <url>] print a JWT for a call of <path> (/cds-services/crd-order-sign)
  npm run -s crd-client -- call <service-id> <file.json> [--base <url>]   sign, POST the hook request, print the answer

The issuer is http://127.0.0.1:<port>; the gateway trusts it with
  CRD_TRUSTED_CLIENTS='{"http://127.0.0.1:3099":"http://127.0.0.1:3099/jwks.json"}'
(npm start sets that). --base is the gateway's CRD_SERVICE_BASE_URL (default http://127.0.0.1:3005).
The key is kept in .data/crd-client/ (--dir).`;

interface Keys {
  readonly kid: string;
  readonly privateJwk: JWK;
  readonly publicJwk: JWK;
}

async function keysIn(dir: string): Promise<Keys> {
  const file = join(dir, 'key.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Keys;
  const { publicKey, privateKey } = await generateKeyPair('ES384', { extractable: true });
  const kid = `dev-ehr-${randomUUID().slice(0, 8)}`;
  const keys: Keys = {
    kid,
    privateJwk: await exportJWK(privateKey),
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES384', use: 'sig' },
  };
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, JSON.stringify(keys), { mode: 0o600 });
  return keys;
}

async function jwtFor(keys: Keys, issuer: string, audience: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'ES384', kid: keys.kid, typ: 'JWT', jku: `${issuer}/jwks.json` })
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt(now)
    .setExpirationTime(now + 300)
    .setJti(randomUUID())
    .sign(await importJWK(keys.privateJwk, 'ES384'));
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      port: { type: 'string', default: '3099' },
      base: { type: 'string', default: 'http://127.0.0.1:3005' },
      dir: { type: 'string', default: '.data/crd-client' },
      help: { type: 'boolean' },
    },
  });
  const [command, ...rest] = positionals;
  const issuer = `http://127.0.0.1:${values.port}`;
  const base = values.base.replace(/\/+$/, '');
  if (values.help || command === undefined) {
    process.stdout.write(`${usage}\n`);
    process.exitCode = values.help ? 0 : 1;
    return;
  }
  const keys = await keysIn(values.dir);
  if (command === 'serve') {
    const server = createServer((request, response) => {
      response.setHeader('content-type', 'application/json');
      if (request.url !== '/jwks.json') response.statusCode = 404;
      response.end(
        request.url === '/jwks.json' ? JSON.stringify({ keys: [keys.publicJwk] }) : '{}',
      );
    });
    server.listen(Number(values.port), '127.0.0.1', () =>
      process.stderr.write(
        `JWK Set at ${issuer}/jwks.json; gateway: CRD_TRUSTED_CLIENTS='${JSON.stringify({ [issuer]: `${issuer}/jwks.json` })}'\n`,
      ),
    );
    return;
  }
  if (command === 'jwt' && rest.length === 1) {
    process.stdout.write(`${await jwtFor(keys, issuer, `${base}${rest[0]}`)}\n`);
    return;
  }
  if (command === 'call' && rest.length === 2) {
    const path = `/cds-services/${rest[0]}`;
    const response = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await jwtFor(keys, issuer, `${base}${path}`)}`,
        'content-type': 'application/json',
      },
      body: readFileSync(rest[1]!, 'utf8'),
    });
    const text = await response.text();
    process.stdout.write(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
    process.exitCode = response.ok ? 0 : 2;
    return;
  }
  process.stdout.write(`${usage}\n`);
  process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`${errorText(error)}\n`);
  process.exit(1);
});
