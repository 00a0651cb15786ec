import type { MigrationInterface, QueryRunner } from 'typeorm';
import { quoteIdent } from '../database/roles';

/**
 * The audit chain's head is written once per INSERT statement, not once per row (issue #29: a
 * live feed writing 200 audit rows per item updated the one head row thousands of times, so it
 * bloated with dead versions and each row cost milliseconds).
 *
 * The first row of a statement takes the head FOR UPDATE, as before (writers still append one
 * after the other in commit order); the rows after it continue from the previous row's seq and
 * hash, carried in the transaction-local setting `careflow.audit_chain` ("seq:hex hash"); an
 * AFTER statement trigger writes the head once from it and clears it. A BEFORE statement trigger
 * clears it too, so a value left over or set by the caller is never the start of a statement, and
 * a rolled-back savepoint restores the setting together with the rows and head it described.
 *
 * Anyone may set a custom setting, even between two rows of a statement (a function in its
 * SELECT), so a carried value is trusted only once checked against the stored row it names (the
 * earlier row of this statement, visible to this volatile trigger): it must hold that seq and
 * hash, and UNIQUE (chain_seq) refuses a row continuing from anything but the last one. Nobody
 * can supply their own hash; every hash is still computed here.
 */
export class AuditChainPerStatement1797400000000 implements MigrationInterface {
  name = 'AuditChainPerStatement1797400000000';

  async up(q: QueryRunner): Promise<void> {
    // The same text as the first definition (audit-chain.ts mirrors it), in PL/pgSQL: a SQL
    // function with a subquery is not inlined and starts an executor for every row, which cost
    // most of an audit row; PL/pgSQL keeps its plan and loops over the roles instead.
    await q.query(`
      CREATE OR REPLACE FUNCTION audit_row_canonical(r audit_log) RETURNS text LANGUAGE plpgsql STABLE AS $$
      DECLARE roles text; role text;
      BEGIN
        FOREACH role IN ARRAY coalesce(r.actor_roles, '{}') LOOP
          roles := coalesce(roles, '') || audit_field(role);
        END LOOP;
        RETURN audit_field(r.id::text) || audit_field(r.chain_seq::text)
          || audit_field(to_char(r.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
          || audit_field(r.actor_id) || audit_field(roles)
          || audit_field(r.action) || audit_field(r.resource_type) || audit_field(r.resource_id)
          || audit_field(r.member_id) || audit_field(r.outcome) || audit_field(r.client_ip)
          || audit_field(r.user_agent) || audit_field(r.request_id);
      END $$`);
    // The seq and hash this statement's previous row left, checked against that stored row (NULL
    // before the statement's first row): the head only ever continues from a row that exists.
    await q.query(`
      CREATE FUNCTION audit_chain_carried(OUT seq bigint, OUT hash bytea) LANGUAGE plpgsql STABLE AS $$
      DECLARE carried text := current_setting('careflow.audit_chain', true);
      BEGIN
        IF carried IS NULL OR carried = '' THEN RETURN; END IF;
        seq := split_part(carried, ':', 1)::bigint;
        hash := decode(split_part(carried, ':', 2), 'hex');
        PERFORM 1 FROM audit_log WHERE chain_seq = seq AND row_hash = hash;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'the audit chain state of this statement was altered';
        END IF;
      END $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
      DECLARE prev_seq bigint; prev bytea;
      BEGIN
        SELECT seq, hash INTO prev_seq, prev FROM audit_chain_carried();
        IF prev_seq IS NULL THEN
          SELECT seq, hash INTO STRICT prev_seq, prev FROM audit_chain_head FOR UPDATE;
        END IF;
        NEW.chain_seq := prev_seq + 1;
        NEW.prev_hash := prev;
        NEW.row_hash := sha256(prev || convert_to(audit_row_canonical(NEW), 'UTF8'));
        PERFORM set_config('careflow.audit_chain',
                           NEW.chain_seq::text || ':' || encode(NEW.row_hash, 'hex'), true);
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE FUNCTION audit_log_chain_begin() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
      BEGIN
        PERFORM set_config('careflow.audit_chain', '', true);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION audit_log_chain_end() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
      DECLARE last_seq bigint; last bytea;
      BEGIN
        SELECT seq, hash INTO last_seq, last FROM audit_chain_carried();
        IF last_seq IS NULL THEN RETURN NULL; END IF;
        UPDATE audit_chain_head SET seq = last_seq, hash = last;
        PERFORM set_config('careflow.audit_chain', '', true);
        RETURN NULL;
      END $$`);
    // CREATE OR REPLACE resets a function's settings: the fixed search_path is set again here.
    await pinSearchPath(q, [
      'audit_row_canonical(audit_log)',
      'audit_chain_carried()',
      'audit_log_chain()',
      'audit_log_chain_begin()',
      'audit_log_chain_end()',
    ]);
    await q.query(`
      CREATE TRIGGER audit_log_chain_begin BEFORE INSERT ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_chain_begin()`);
    await q.query(`
      CREATE TRIGGER audit_log_chain_end AFTER INSERT ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_chain_end()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER audit_log_chain_end ON audit_log`);
    await q.query(`DROP TRIGGER audit_log_chain_begin ON audit_log`);
    await q.query(
      `DROP FUNCTION audit_log_chain_end(), audit_log_chain_begin(), audit_chain_carried()`,
    );
    await q.query(`
      CREATE OR REPLACE FUNCTION audit_row_canonical(r audit_log) RETURNS text LANGUAGE sql STABLE AS $$
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
      CREATE OR REPLACE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
      DECLARE head audit_chain_head;
      BEGIN
        SELECT * INTO STRICT head FROM audit_chain_head FOR UPDATE;
        NEW.chain_seq := head.seq + 1;
        NEW.prev_hash := head.hash;
        NEW.row_hash := sha256(head.hash || convert_to(audit_row_canonical(NEW), 'UTF8'));
        UPDATE audit_chain_head SET seq = NEW.chain_seq, hash = NEW.row_hash;
        RETURN NEW;
      END $$`);
    await pinSearchPath(q, ['audit_log_chain()', 'audit_row_canonical(audit_log)']);
  }
}

/**
 * A SECURITY DEFINER function must not resolve names through the caller's search_path, nor
 * through the caller's temporary tables (pg_temp is searched first unless listed: last here).
 */
async function pinSearchPath(q: QueryRunner, functions: readonly string[]): Promise<void> {
  const [{ schema }] = (await q.query(`SELECT current_schema() AS schema`)) as [{ schema: string }];
  for (const signature of functions) {
    await q.query(
      `ALTER FUNCTION ${signature} SET search_path = ${quoteIdent(schema)}, pg_catalog, pg_temp`,
    );
  }
}
