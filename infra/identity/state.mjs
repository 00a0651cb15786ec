// What the provider generates once and keeps in its data directory (git-ignored .data/identity):
// signing keys, cookie keys, client secrets and the seeded users' passwords. Development only:
// the passwords are kept in clear so `npm start` can print them.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashPassword, SEEDED_USERS } from './accounts.mjs';

export const KEYS_FILE = 'keys.json';
export const SECRETS_FILE = 'secrets.json';
export const ALGORITHMS = ['RS256', 'ES256'];

const random = (bytes = 24) => randomBytes(bytes).toString('base64url');

function writePrivate(path, value) {
  writeFileSync(`${path}.tmp`, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  renameSync(`${path}.tmp`, path);
}

/** A new private JWK for the algorithm, with a key id that says when it was made. */
export function newSigningKey(alg) {
  const { privateKey } =
    alg === 'RS256'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '');
  return {
    ...privateKey.export({ format: 'jwk' }),
    alg,
    use: 'sig',
    kid: `${alg.toLowerCase()}-${day}-${random(6)}`,
  };
}

function loadOrCreate(path, create) {
  if (existsSync(path)) return JSON.parse(readFileSync(path, 'utf8'));
  const value = create();
  writePrivate(path, value);
  return value;
}

/** The data directory's keys and secrets, generated on first use. */
export function loadState(dataDir) {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const jwks = loadOrCreate(join(dataDir, KEYS_FILE), () => ({
    keys: ALGORITHMS.map(newSigningKey),
  }));
  const secrets = loadOrCreate(join(dataDir, SECRETS_FILE), () => ({
    cookieKeys: [random(32)],
    clients: { 'careflow-integrator': random(), 'careflow-dev-tools': random() },
    users: Object.fromEntries(
      SEEDED_USERS.map(({ sub }) => {
        const password = random(12);
        const salt = random(12);
        return [sub, { password, salt, hash: hashPassword(password, salt) }];
      }),
    ),
  }));
  return { jwks, secrets };
}

/**
 * Key rotation: `rotate` puts a new key of each algorithm first (the first key of an algorithm
 * signs) and keeps the old ones published, so tokens signed before stay valid; `prune`, once
 * those tokens expired (the longest token lifetime, one hour), keeps only the newest key of each
 * algorithm. Restart the provider after either (`bash infra/identity/identity.sh restart`).
 */
export function rotateKeys(dataDir, action) {
  const path = join(dataDir, KEYS_FILE);
  const { keys } = JSON.parse(readFileSync(path, 'utf8'));
  const next =
    action === 'rotate'
      ? [...ALGORITHMS.map(newSigningKey), ...keys]
      : ALGORITHMS.map((alg) => keys.find((key) => key.alg === alg)).filter(Boolean);
  writePrivate(path, { keys: next });
  return next.map((key) => key.kid);
}
