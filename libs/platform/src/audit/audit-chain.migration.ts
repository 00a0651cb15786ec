import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tamper evidence for the audit log (HIPAA 164.312(b), (c)): each row carries `chain_seq`, the
 * previous row's hash and its own, sha256 over `audit_row_canonical` (see `audit-chain.ts`, which
 * recomputes it outside the database) and the previous hash. A BEFORE INSERT trigger takes the
 * chain head row FOR UPDATE, so concurrent writers append one after the other in commit order;
 * nobody can supply their own hash. TRUNCATE is refused too (an owner could still drop the
 * triggers: that is what `npm run audit:verify` detects), and the head row can change only from
 * the chain trigger.
 */
export class AuditChain1796600000000 implements MigrationInterface {
  name = 'AuditChain1796600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE audit_log ADD COLUMN chain_seq bigint, ADD COLUMN prev_hash bytea,
        ADD COLUMN row_hash bytea`);
    await q.query(`
      CREATE FUNCTION audit_field(value text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT CASE WHEN value IS NULL THEN '~'
                    ELSE octet_length(convert_to(value, 'UTF8'))::text || ':' || value END
      $$`);
    // Length-prefixed fields: no separator a value could forge. Times in UTC microseconds.
    await q.query(`
      CREATE FUNCTION audit_row_canonical(r audit_log) RETURNS text LANGUAGE sql STABLE AS $$
        SELECT audit_field(r.id::text) || audit_field(r.chain_seq::text)
          || audit_field(to_char(r.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
          || audit_field(r.actor_id)
          || audit_field((SELECT string_agg(audit_field(role), '' ORDER BY n)
                            FROM unnest(r.actor_roles) WITH ORDINALITY AS x(role, n)))
          || audit_field(r.action) || audit_field(r.resource_type) || audit_field(r.resource_id)
          || audit_field(r.member_id) || audit_field(r.outcome) || audit_field(r.client_ip)
          || audit_field(r.user_agent) || audit_field(r.request_id)
      $$`);
    await q.query(`
      CREATE TABLE audit_chain_head (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        seq       bigint NOT NULL,
        hash      bytea NOT NULL
      )`);
    // Rows written before the chain existed join it in id order.
    await q.query(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_rewrite`);
    await q.query(`
      DO $$
      DECLARE r audit_log; prev bytea := decode(repeat('00', 32), 'hex'); n bigint := 0;
      BEGIN
        FOR r IN SELECT * FROM audit_log ORDER BY id LOOP
          n := n + 1;
          r.chain_seq := n;
          UPDATE audit_log SET chain_seq = n, prev_hash = prev,
                 row_hash = sha256(prev || convert_to(audit_row_canonical(r), 'UTF8'))
           WHERE id = r.id RETURNING row_hash INTO prev;
        END LOOP;
        INSERT INTO audit_chain_head (seq, hash) VALUES (n, prev);
      END $$`);
    await q.query(`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_rewrite`);
    await q.query(`
      ALTER TABLE audit_log ALTER COLUMN chain_seq SET NOT NULL,
        ALTER COLUMN prev_hash SET NOT NULL, ALTER COLUMN row_hash SET NOT NULL,
        ADD CONSTRAINT audit_log_chain_seq UNIQUE (chain_seq)`);
    await q.query(`
      CREATE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
      DECLARE head audit_chain_head;
      BEGIN
        SELECT * INTO STRICT head FROM audit_chain_head FOR UPDATE;
        NEW.chain_seq := head.seq + 1;
        NEW.prev_hash := head.hash;
        NEW.row_hash := sha256(head.hash || convert_to(audit_row_canonical(NEW), 'UTF8'));
        UPDATE audit_chain_head SET seq = NEW.chain_seq, hash = NEW.row_hash;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE FUNCTION audit_chain_head_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND pg_trigger_depth() > 1 THEN RETURN NEW; END IF;
        RAISE EXCEPTION 'the audit chain head changes only with an audit_log insert';
      END $$`);
    // A SECURITY DEFINER function must not resolve names through the caller's search_path, nor
    // through the caller's temporary tables (pg_temp is searched first unless listed: last here).
    await q.query(`
      DO $$ BEGIN
        EXECUTE format('ALTER FUNCTION audit_log_chain() SET search_path = %I, pg_catalog, pg_temp', current_schema());
        EXECUTE format('ALTER FUNCTION audit_row_canonical(audit_log) SET search_path = %I, pg_catalog, pg_temp', current_schema());
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_chain()`);
    await q.query(`
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`);
    await q.query(`
      CREATE TRIGGER audit_chain_head_guard BEFORE UPDATE OR DELETE ON audit_chain_head
      FOR EACH ROW EXECUTE FUNCTION audit_chain_head_guard()`);
    await q.query(`
      CREATE TRIGGER audit_chain_head_no_truncate BEFORE TRUNCATE ON audit_chain_head
      FOR EACH STATEMENT EXECUTE FUNCTION audit_chain_head_guard()`);
    // Whoever got table privileges by default (ALTER DEFAULT PRIVILEGES) keeps reading and
    // appending only; `grantApplicationRole` narrows INSERT to the caller's columns.
    await q.query(`
      DO $$ DECLARE g record; BEGIN
        FOR g IN SELECT DISTINCT CASE WHEN grantee = 'PUBLIC' THEN 'PUBLIC' ELSE quote_ident(grantee) END
                   AS grantee_sql FROM information_schema.role_table_grants
                  WHERE table_schema = current_schema() AND table_name IN ('audit_log', 'audit_chain_head')
                    AND grantee <> current_user LOOP
          EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM %s', g.grantee_sql);
          EXECUTE format('REVOKE ALL ON audit_chain_head FROM %s', g.grantee_sql);
        END LOOP;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER audit_log_no_truncate ON audit_log`);
    await q.query(`DROP TRIGGER audit_log_chain ON audit_log`);
    await q.query(`DROP TABLE audit_chain_head`);
    await q.query(`DROP FUNCTION audit_chain_head_guard(), audit_log_chain()`);
    await q.query(
      `ALTER TABLE audit_log DROP COLUMN chain_seq, DROP COLUMN prev_hash, DROP COLUMN row_hash`,
    );
    await q.query(`DROP FUNCTION audit_row_canonical(audit_log), audit_field(text)`);
  }
}
