import { PROFILES } from '../src/env';
import { formatFuzzReport, runFuzz } from '../src/fuzz';

// A few hundred malformed and hostile records over every consumed topic, valid PA requests mixed
// in, malformed records and HTTP requests full of synthetic PHI, hostile HTTP requests to every
// operation, malformed X12 and HL7 v2 to the interop gateway, then the scan of logs (the gateway's
// too), DLQ reason headers, HTTP answers and acknowledgments for the PHI that was sent.
// Generous: the run itself waits on progress, not on a fixed budget; a loaded CI machine is slower.
jest.setTimeout(600_000);

test('hostile input goes to the right DLQ with its reason, valid input is handled, no 5xx, no PHI in logs', async () => {
  const report = await runFuzz({
    profile: PROFILES['fuzz-short'],
    seed: 99,
    badMessages: 360,
    validRequests: 100,
    httpRequestsPerOperation: 3,
    secret: process.env.AUTH_JWT_SECRET ?? 'integration-test-secret-at-least-32-chars',
    log: () => undefined,
  });
  process.stderr.write(`${formatFuzzReport(report)}\n`);
  expect(report.dlqMismatch).toBe(0);
  expect(report.validDecided).toBe(report.validRequests);
  expect(report.http.serverErrors).toBe(0);
  expect(report.http.unexpected).toBe(0);
  expect(report.aliveAtEnd).toBe(true);
  expect(report.readyAtEnd).toBe(true);
  expect(report.leaks.leaks).toBe(0);
  // Malformed records and requests full of synthetic PHI: none of it in DLQ reasons or answers.
  expect(report.dlqLeaks.lines).toBeGreaterThan(0);
  expect(report.dlqLeaks.leaks).toBe(0);
  expect(report.http.leaks.lines).toBeGreaterThan(0);
  expect(report.http.leaks.leaks).toBe(0);
  // The interop gateway: malformed 834s and 837s over HTTP and HL7 v2 over MLLP, full of synthetic PHI.
  expect(report.interop.x12.requests).toBeGreaterThan(0);
  expect(report.interop.x12.serverErrors).toBe(0);
  expect(report.interop.x12.unexpected).toBe(0);
  expect(report.interop.hl7.messages).toBeGreaterThan(0);
  expect(report.interop.hl7.unanswered).toBe(0);
  expect(report.interop.hl7.unexpected).toBe(0);
  // Da Vinci CRD hook calls full of PHI without a trusted EHR's JWT: 401 (400 for a body that is no JSON).
  expect(report.interop.crd.requests).toBeGreaterThan(0);
  expect(report.interop.crd.serverErrors).toBe(0);
  expect(report.interop.crd.unexpected).toBe(0);
  expect(report.interop.leaks.lines).toBeGreaterThan(0);
  expect(report.interop.leaks.leaks).toBe(0);
});
