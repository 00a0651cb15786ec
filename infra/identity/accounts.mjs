// The seeded development users. Case manager ids are those case-management's development roster
// seeds (services/case-management/src/cases/case-managers.service.ts), so a signed-in case
// manager sees the members assigned to them.
import { scryptSync, timingSafeEqual } from 'node:crypto';

export const SEEDED_USERS = [
  { sub: 'cm-001', name: 'Rosa Martinez, RN', roles: ['case-manager'] },
  { sub: 'cm-002', name: 'Daniel Okafor, RN', roles: ['case-manager'] },
  { sub: 'cm-003', name: 'Mei Chen, LCSW', roles: ['case-manager'] },
  { sub: 'sup-001', name: 'Sam Supervisor', roles: ['supervisor'] },
  { sub: 'admin-dev', name: 'Platform Admin', roles: ['admin'] },
  { sub: 'auditor-dev', name: 'Ada Auditor', roles: ['auditor'] },
];

const bySub = new Map(SEEDED_USERS.map((user) => [user.sub, user]));

export function seededUser(sub) {
  return bySub.get(sub);
}

/** scrypt of the password with a per-user salt (state.mjs stores it with the password). */
export function hashPassword(password, salt) {
  return scryptSync(password, salt, 32).toString('base64url');
}

/**
 * The user whose password this is, or undefined. A hash is computed for unknown usernames too,
 * so the answer time does not tell which usernames exist.
 */
export function authenticate(credentials, username, password) {
  const entry = credentials[username];
  const expected = Buffer.from(entry?.hash ?? 'x'.repeat(43), 'base64url');
  const actual = Buffer.from(hashPassword(password, entry?.salt ?? 'unknown-user'), 'base64url');
  const matches = expected.length === actual.length && timingSafeEqual(expected, actual);
  return matches && entry ? seededUser(username) : undefined;
}
