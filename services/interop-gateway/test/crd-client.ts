import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import { topics, type CoverageSpan } from '@careflow/contracts';
import { createKafkaClient, RawPublisher, silentLogger } from '@careflow/messaging';
import { kafkaConnectionFromEnv } from '@careflow/platform';

/** The URL the tests' EHR calls the gateway at (CRD_SERVICE_BASE_URL): the JWT aud is built on it. */
export const CRD_BASE = 'https://payer.example.org/crd';

/** An EHR acting as a CDS client: its key pair and the JWK Set it serves on a local port. */
export interface EhrClient {
  readonly issuer: string;
  readonly jwksUrl: string;
  /** A JWT for a call of `path` (`/cds-services/crd-order-sign`), signed with the EHR's key. */
  jwt(path: string, over?: JwtOptions): Promise<string>;
  stop(): Promise<void>;
}

export interface JwtOptions {
  readonly issuer?: string;
  readonly audience?: string;
  readonly jti?: string;
  readonly expiresInSeconds?: number;
  readonly issuedSecondsAgo?: number;
  readonly jku?: string;
  /** Sign with another key (same kid): the signature must not verify. */
  readonly key?: KeyLike;
}

export async function startEhrClient(): Promise<EhrClient> {
  const { publicKey, privateKey } = await generateKeyPair('ES384');
  const kid = `ehr-key-${randomUUID().slice(0, 8)}`;
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES384', use: 'sig' };
  const server: Server = createServer((_, response) => {
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
  const issuer = `https://ehr-${randomUUID().slice(0, 8)}.example.org`;
  return {
    issuer,
    jwksUrl,
    async jwt(path, over = {}) {
      const now = Math.floor(Date.now() / 1000) - (over.issuedSecondsAgo ?? 0);
      return new SignJWT({ tenant: 'clinic-1' })
        .setProtectedHeader({
          alg: 'ES384',
          kid,
          typ: 'JWT',
          ...(over.jku ? { jku: over.jku } : {}),
        })
        .setIssuer(over.issuer ?? issuer)
        .setAudience(over.audience ?? `${CRD_BASE}${path}`)
        .setIssuedAt(now)
        .setExpirationTime(now + (over.expiresInSeconds ?? 300))
        .setJti(over.jti ?? randomUUID())
        .sign(over.key ?? privateKey);
    },
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Publishes eligibility's member-coverage snapshot, as eligibility would. */
export async function publishMemberCoverage(memberId: string, spans: CoverageSpan[]) {
  const kafka = createKafkaClient(
    kafkaConnectionFromEnv(`crd-test-${randomUUID().slice(0, 8)}`),
    silentLogger,
  );
  const publisher = new RawPublisher(kafka);
  try {
    await publisher.publish(topics.memberCoverage.name, [
      {
        type: topics.memberCoverage.eventType,
        key: memberId,
        data: { memberId, spans, version: 1 },
      },
    ]);
  } finally {
    await publisher.close();
  }
}

export function coverageSpan(over: Partial<CoverageSpan> = {}): CoverageSpan {
  return {
    lineOfBusiness: 'medicare-plus-blue',
    fundingType: 'individual',
    group: null,
    effectiveDate: '2025-01-01',
    terminationDate: null,
    pharmacyBenefitAdministrator: null,
    pcp: null,
    state: 'MI',
    sourceEventId: `cov-${randomUUID()}`,
    sourceEventTime: '2025-01-01T00:00:00Z',
    ...over,
  };
}

const SAMPLE = join(__dirname, '../../../docs/samples/crd/order-sign-oncology.json');

/** The sample order-sign request (a pembrolizumab order) for `memberId`. */
export function orderSignRequest(memberId: string): Record<string, unknown> {
  return JSON.parse(
    readFileSync(SAMPLE, 'utf8').replaceAll('SAMPLE-CRD-MEMBER', memberId),
  ) as Record<string, unknown>;
}

/** POSTs a hook request with the EHR's JWT (or `token`), answering status and body. */
export async function callHook(
  baseUrl: string,
  serviceId: string,
  body: unknown,
  bearer: string | undefined,
): Promise<{ status: number; body: CdsResponse & { message?: string } }> {
  const response = await fetch(`${baseUrl}/cds-services/${serviceId}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as CdsResponse };
}

export interface CdsResponse {
  cards: { summary: string; detail?: string; indicator: string; links?: { url: string }[] }[];
  systemActions: {
    type: string;
    resource: { resourceType: string; id: string; extension?: CoverageInformation[] };
  }[];
}

export interface CoverageInformation {
  url: string;
  extension?: { url: string; [value: string]: unknown }[];
}

/** The value of each sub-extension `url` of the first coverage-information of the answer. */
export function coverageInformation(response: CdsResponse): Record<string, unknown[]> {
  const ext = response.systemActions[0]?.resource.extension?.find((e) =>
    e.url.endsWith('/ext-coverage-information'),
  );
  const out: Record<string, unknown[]> = {};
  for (const part of ext?.extension ?? []) {
    const value = Object.entries(part).find(([k]) => k.startsWith('value'))?.[1];
    (out[part.url] ??= []).push(value);
  }
  return out;
}

/** Waits until `db` (a service's schema) holds eligibility's coverage of `memberId`. */
export async function coverageArrived(
  db: { query(sql: string, params: unknown[]): Promise<unknown[]> },
  memberId: string,
  timeoutMs = 60000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await db.query(`SELECT 1 FROM member_coverage WHERE member_id = $1`, [memberId]);
    if (rows.length === 1) return;
    if (Date.now() > deadline) throw new Error('the member coverage never arrived');
    await new Promise((r) => setTimeout(r, 200));
  }
}
