import {
  newCaseManager,
  openStream,
  startHarness,
  streamTicket,
  waitUntil,
  type Harness,
  type OpenStream,
} from './harness';

const TICKET_TTL_SECONDS = 5;

describe('live stream tickets', () => {
  let h: Harness;
  const open: OpenStream[] = [];

  beforeAll(async () => {
    h = await startHarness({
      env: {
        FEED_STREAM_TICKET_TTL_SECONDS: String(TICKET_TTL_SECONDS),
        FEED_STREAMS_PER_USER: '2',
        FEED_STREAMS_MAX: '3',
      },
    });
  });

  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });

  afterAll(async () => {
    await h?.stop();
  });

  async function stream(ticket: string): Promise<OpenStream> {
    const s = await openStream(h.service, ticket);
    open.push(s);
    return s;
  }

  it('opens the stream once per ticket; a reused, unknown or missing ticket is 401', async () => {
    const { principal } = newCaseManager();
    const issued = await streamTicket(h.service, principal);
    expect(issued.status).toBe(201);
    expect(issued.ticket).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const first = await stream(issued.ticket);
    expect(first.status).toBe(200);
    await waitUntil(async () => first.text().includes('event: ready'));
    const again = await stream(issued.ticket);
    expect(again.status).toBe(401);
    expect(again.text()).toContain('already used');
    expect((await stream('x'.repeat(43))).status).toBe(401);
    expect((await h.service.request('GET', '/feed/stream')).status).toBe(401);
    // The old way, a token in the URL, opens nothing.
    const token = await h.service.token(principal);
    expect((await h.service.request('GET', `/feed/stream?access_token=${token}`)).status).toBe(401);
  });

  it('refuses a ticket after its lifetime', async () => {
    const { principal } = newCaseManager();
    const { ticket } = await streamTicket(h.service, principal);
    await new Promise((r) => setTimeout(r, (TICKET_TTL_SECONDS + 1.5) * 1000));
    expect((await stream(ticket)).status).toBe(401);
  });

  it('ends the stream with `expired` when the token the ticket was issued for expires', async () => {
    const { principal } = newCaseManager();
    const token = await h.service.token(principal, { expiresInSeconds: 4 });
    const issued = await streamTicket(h.service, principal, token);
    expect(issued.status).toBe(201);
    expect(Date.parse((issued.body as { expiresAt: string }).expiresAt)).toBeLessThanOrEqual(
      Date.now() + 4000,
    );
    const s = await stream(issued.ticket);
    expect(s.status).toBe(200);
    const started = Date.now();
    await Promise.race([s.ended, new Promise((r) => setTimeout(r, 15000))]);
    expect(s.text()).toContain('event: expired');
    expect(Date.now() - started).toBeLessThan(8000);
  });

  it('answers 429 beyond the streams per user, and beyond the streams of the server', async () => {
    const a = newCaseManager().principal;
    for (let i = 0; i < 2; i++) {
      expect((await stream((await streamTicket(h.service, a)).ticket)).status).toBe(200);
    }
    const capped = await streamTicket(h.service, a);
    expect(capped.status).toBe(429);
    expect((capped.body as { message: string }).message).toContain('limit 2');

    const b = newCaseManager().principal;
    // A ticket issued under the caps is refused at opening once the server is full.
    const late = await streamTicket(h.service, b);
    expect((await stream((await streamTicket(h.service, b)).ticket)).status).toBe(200);
    const full = await streamTicket(h.service, newCaseManager().principal);
    expect(full.status).toBe(429);
    expect((full.body as { message: string }).message).toContain('limit 3');
    const refused = await stream(late.ticket);
    expect(refused.status).toBe(429);
  });
});
