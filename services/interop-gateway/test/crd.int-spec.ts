import { randomUUID } from 'node:crypto';
import { generateKeyPair } from 'jose';
import { startHarness, type Harness } from './harness';
import {
  callHook,
  coverageArrived,
  coverageInformation,
  coverageSpan,
  CRD_BASE,
  orderSignRequest,
  publishMemberCoverage,
  startEhrClient,
  type EhrClient,
} from './crd-client';

const SIGN = '/cds-services/crd-order-sign';
const newMember = () => `M-CRD-${randomUUID().slice(0, 12)}`;

/** Da Vinci CRD over real HTTP, broker and database; the EHR's JWK Set on a local port. */
describe('interop-gateway: Da Vinci CRD (CDS Hooks)', () => {
  let h: Harness;
  let ehr: EhrClient;

  beforeAll(async () => {
    ehr = await startEhrClient();
    h = await startHarness({
      CRD_TRUSTED_CLIENTS: JSON.stringify({ [ehr.issuer]: ehr.jwksUrl }),
      CRD_SERVICE_BASE_URL: CRD_BASE,
    });
  });

  afterAll(async () => {
    await h.stop();
    await ehr.stop();
  });

  const sign = async (body: unknown) =>
    callHook(h.service.baseUrl, 'crd-order-sign', body, await ehr.jwt(SIGN));

  async function auditOf(memberId: string) {
    return h.db.query<{ action: string; outcome: string; actor_id: string }[]>(
      `SELECT action, outcome, actor_id FROM audit_log WHERE member_id = $1`,
      [memberId],
    );
  }

  it('answers discovery with order-sign and order-select, to a client JWT only', async () => {
    const answer = await fetch(`${h.service.baseUrl}/cds-services`, {
      headers: { authorization: `Bearer ${await ehr.jwt('/cds-services')}` },
    });
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { services: { hook: string; prefetch: object }[] };
    expect(body.services.map((s) => s.hook)).toEqual(['order-sign', 'order-select']);
    expect(body.services[0]!.prefetch).toHaveProperty('coverage');
    expect((await fetch(`${h.service.baseUrl}/cds-services`)).status).toBe(401);
  });

  it('order-sign for an oncology drug names AIM and the ProviderPortal, and audits the read', async () => {
    const member = newMember();
    await publishMemberCoverage(member, [coverageSpan()]);
    await coverageArrived(h.db, member);

    const { status, body } = await sign(orderSignRequest(member));
    expect(status).toBe(200);
    expect(body.systemActions).toHaveLength(1);
    expect(body.systemActions[0]).toMatchObject({
      type: 'update',
      resource: { resourceType: 'MedicationRequest', id: 'medreq-1' },
    });
    const ci = coverageInformation(body);
    expect(ci['covered']).toEqual(['covered']);
    expect(ci['pa-needed']).toEqual(['auth-needed']);
    expect(ci['coverage']).toEqual([{ reference: 'Coverage/cov-1' }]);
    expect(ci['contact']).toEqual([
      expect.objectContaining({ name: 'AIM Specialty Health (submit through aim-providerportal)' }),
    ]);
    expect(body.cards).toHaveLength(1);
    expect(body.cards[0]!.summary).toBe('Prior authorization required: AIM Specialty Health');
    expect(body.cards[0]!.detail).toContain('ProviderPortal');
    expect(body.cards[0]!.detail).toContain('mi-um-2025.2');

    expect(await auditOf(member)).toEqual([
      { action: 'crd.order-sign', outcome: 'allowed', actor_id: `cds-client:${ehr.issuer}` },
    ]);
  });

  it('a member eligibility never published: not covered, no member found, said honestly', async () => {
    const member = newMember();
    const { status, body } = await sign(orderSignRequest(member));
    expect(status).toBe(200);
    const ci = coverageInformation(body);
    expect(ci['covered']).toEqual(['not-covered']);
    expect(ci['pa-needed']).toBeUndefined();
    expect(ci['reason']).toEqual([
      expect.objectContaining({
        coding: [expect.objectContaining({ code: 'no-member-found' })],
        text: expect.stringContaining('held for coverage'),
      }),
    ]);
    expect(body.cards[0]!.indicator).toBe('warning');
    expect(await auditOf(member)).toEqual([
      expect.objectContaining({ action: 'crd.order-sign', outcome: 'not-found' }),
    ]);
  });

  it('the client may turn the card off; a missing prefetch gets a card saying so', async () => {
    const member = newMember();
    const request = orderSignRequest(member);
    const quiet = await sign({
      ...request,
      extension: { 'davinci-crd.configuration': { 'pa-routing-card': false } },
    });
    expect(quiet.body.cards).toEqual([]);
    expect(quiet.body.systemActions).toHaveLength(1);

    const { coverage: _dropped, ...prefetch } = request['prefetch'] as Record<string, unknown>;
    const missing = await sign({ ...request, prefetch });
    expect(missing.status).toBe(200);
    expect(missing.body.systemActions).toEqual([]);
    expect(missing.body.cards[0]!.summary).toContain('lacks patient or coverage');
  });

  it('refuses a request for another hook than the service, naming the field; 404 for no service', async () => {
    const answer = await sign({ ...orderSignRequest(newMember()), hook: 'order-select' });
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).toContain('hook');
    const path = '/cds-services/crd-nothing';
    const none = await callHook(
      h.service.baseUrl,
      'crd-nothing',
      orderSignRequest(newMember()),
      await ehr.jwt(path),
    );
    expect(none.status).toBe(404);
  });

  it('refuses bad JWTs with 401 and the reason, each refusal audited', async () => {
    const body = orderSignRequest(newMember());
    const { privateKey: stranger } = await generateKeyPair('ES384');
    const replayed = await ehr.jwt(SIGN);
    expect((await callHook(h.service.baseUrl, 'crd-order-sign', body, replayed)).status).toBe(200);
    const cases: [string, string | undefined, string][] = [
      ['no token', undefined, 'no bearer token'],
      ['not a JWT', 'not-a-jwt', 'not a JWT'],
      [
        'unknown issuer',
        await ehr.jwt(SIGN, { issuer: 'https://rogue.example.org' }),
        'iss is not a trusted',
      ],
      ['wrong aud', await ehr.jwt(SIGN, { audience: `${CRD_BASE}/cds-services` }), 'aud is not'],
      ['expired', await ehr.jwt(SIGN, { issuedSecondsAgo: 400, expiresInSeconds: 60 }), 'expired'],
      ['too long-lived', await ehr.jwt(SIGN, { expiresInSeconds: 3600 }), 'more than 300 seconds'],
      ['replayed jti', replayed, 'jti was used before'],
      ['another key', await ehr.jwt(SIGN, { key: stranger }), 'signature does not verify'],
      ['foreign jku', await ehr.jwt(SIGN, { jku: 'https://rogue.example.org/jwks' }), 'jku is not'],
    ];
    const before = await refusals();
    for (const [label, token, reason] of cases) {
      const answer = await callHook(h.service.baseUrl, 'crd-order-sign', body, token);
      expect([label, answer.status]).toEqual([label, 401]);
      expect([label, answer.body.message]).toEqual([label, expect.stringContaining(reason)]);
    }
    expect((await refusals()) - before).toBe(cases.length);
  });

  async function refusals(): Promise<number> {
    const [row] = await h.db.query<{ n: string }[]>(
      `SELECT count(*) AS n FROM audit_log
        WHERE action = 'auth.unauthenticated' AND resource_id = 'POST /cds-services/:serviceId'`,
    );
    return Number(row!.n);
  }
});
