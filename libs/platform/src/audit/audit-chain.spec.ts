import { auditRowHash, canonicalAuditRow } from './audit-chain';

const row = {
  id: '7',
  seq: '3',
  at: '2026-12-07T08:00:00.123456Z',
  actor_id: 'sup-1',
  actor_roles: ['supervisor', 'admin'],
  action: 'coverage.read',
  resource_type: 'coverage',
  resource_id: null,
  member_id: 'M1',
  outcome: 'allowed',
  client_ip: '127.0.0.1',
  user_agent: 'curl ✓',
  request_id: null,
};

describe('the canonical audit row', () => {
  it('prefixes every field with its UTF-8 length and writes NULL as ~', () => {
    expect(canonicalAuditRow(row)).toBe(
      '1:71:327:2026-12-07T08:00:00.123456Z5:sup-120:10:supervisor5:admin13:coverage.read8:coverage~2:M17:allowed9:127.0.0.18:curl ✓~',
    );
  });

  it('cannot be forged by moving text across a field boundary or into a role', () => {
    const moved = canonicalAuditRow({ ...row, actor_id: 'sup-', action: '1coverage.read' });
    expect(moved).not.toBe(canonicalAuditRow(row));
    const roles = canonicalAuditRow({ ...row, actor_roles: ['supervisoradmin'] });
    expect(roles).not.toBe(canonicalAuditRow(row));
    expect(canonicalAuditRow({ ...row, resource_id: '' })).not.toBe(canonicalAuditRow(row));
  });

  it('hashes the previous hash and the row, so a row cannot move in the chain', () => {
    const a = auditRowHash(Buffer.alloc(32), canonicalAuditRow(row));
    const b = auditRowHash(Buffer.alloc(32, 1), canonicalAuditRow(row));
    expect(a).toHaveLength(32);
    expect(a.equals(b)).toBe(false);
  });
});
