import { formatReport, runChaos } from '../src/chaos';
import { PROFILES } from '../src/env';

// A short chaos run against the built services (npm test builds them first): a few thousand
// events with known outcomes, one SIGKILL and one database outage. Its own broker, database and
// role, so it never disturbs the other integration tests.
// Generous: the run itself waits on progress, not on a fixed budget; a loaded CI machine is slower.
jest.setTimeout(900_000);

test('no effect is lost, doubled or reordered through a crash and a database outage', async () => {
  const report = await runChaos({
    profile: PROFILES['chaos-short'],
    seed: 1234,
    events: 3000,
    windowSeconds: 45,
    killsPerService: 0,
    killTargets: ['authorization-routing'],
    brokerRestarts: 0,
    dbOutages: 1,
    dbOutageSeconds: 20,
    caseManagementInstances: 1,
    // Deterministic on a loaded CI machine: no request can outrun its member's coverage.
    coverageBeforeStream: true,
    settleTimeoutSeconds: 150,
    secret: process.env.AUTH_JWT_SECRET ?? 'integration-test-secret-at-least-32-chars',
    log: () => undefined,
  });
  process.stderr.write(`${formatReport(report)}\n`);
  expect(report.crashedRestarts).toBe(1);
  expect(report.totals.lost).toBe(0);
  expect(report.totals.duplicated).toBe(0);
  expect(report.totals.outOfOrder).toBe(0);
  expect(report.totals.wrong).toBe(0);
  expect(report.totals.unexpected).toBe(0);
  expect(report.deadLettered).toBe(0);
  expect(report.unexpectedExits).toBe(0);
  expect(report.healthyAtEnd).toBe(true);
  expect(report.leaks.leaks).toBe(0);
});
