import type { Counter, Gauge } from 'prom-client';
import type { PlatformService } from '@careflow/contracts';
import type { PlatformMetrics } from './platform-metrics';

interface BusinessMetricDefinition {
  readonly name: string;
  readonly type: 'counter' | 'gauge';
  readonly service: PlatformService | 'interop-gateway';
  readonly help: string;
  readonly labelNames: readonly string[];
}

/**
 * The business figures an operations lead asks for, each registered by the service that owns the
 * fact. `infra/observability/business-metrics.json` (what the alerts and the dashboard read) is
 * checked against this list and against the services' registries. Label values are enumerations
 * of the policy or the contract (vendor ids, outcomes, criterion ids, source kinds, case
 * statuses), never a member, request or case id.
 */
export const BUSINESS_METRICS = [
  {
    name: 'careflow_pa_decisions_total',
    type: 'counter',
    service: 'authorization-routing',
    help: 'Routing decisions published, by vendor and outcome.',
    labelNames: ['vendor', 'outcome'],
  },
  {
    name: 'careflow_pa_requests_pended',
    type: 'gauge',
    service: 'authorization-routing',
    help: 'PA requests held for coverage that has not arrived yet (up to COVERAGE_WAIT_MS).',
    labelNames: [],
  },
  {
    name: 'careflow_pa_requests_overdue',
    type: 'gauge',
    service: 'authorization-routing',
    help: 'Routed PA requests past their determination deadline without a determination.',
    labelNames: [],
  },
  {
    name: 'careflow_ccm_identifications_total',
    type: 'counter',
    service: 'case-management',
    help: "Cases opened for Complex Case Management, one per criterion met ('none' for a referral meeting none), by criterion and the source that identified the case ('multiple' when several).",
    labelNames: ['criterion', 'source'],
  },
  {
    name: 'careflow_cases',
    type: 'gauge',
    service: 'case-management',
    help: 'Complex Case Management cases, by status.',
    labelNames: ['status'],
  },
  {
    name: 'careflow_letters_due',
    type: 'gauge',
    service: 'pcp-notification',
    help: 'PCP letters waiting for delivery or for a retry of a failed delivery.',
    labelNames: [],
  },
  {
    name: 'careflow_letters_failed',
    type: 'gauge',
    service: 'pcp-notification',
    help: 'PCP letters whose delivery failed DELIVERY_MAX_ATTEMPTS times and stays failed.',
    labelNames: [],
  },
  {
    name: 'careflow_calls_overdue',
    type: 'gauge',
    service: 'pcp-notification',
    help: 'PCP call tasks past their due time and not yet done.',
    labelNames: [],
  },
  {
    name: 'careflow_interop_messages_total',
    type: 'counter',
    service: 'interop-gateway',
    help: "Messages the interop gateway received and acknowledged, by standard (x12, hl7v2), message type (834, ADT^A01 …; 'unsupported' or 'unreadable' for what it does not take) and acknowledgment code (HL7 AA, AE, AR; X12 999 AK901 A, E, P, R, or TA1-A, TA1-E, TA1-R for an interchange answered with a TA1).",
    labelNames: ['standard', 'message_type', 'acknowledgment'],
  },
] as const satisfies readonly BusinessMetricDefinition[];

type Definition = (typeof BUSINESS_METRICS)[number];
type CounterName = Extract<Definition, { type: 'counter' }>['name'];
type GaugeName = Extract<Definition, { type: 'gauge' }>['name'];
type LabelsOf<N extends string> = Extract<Definition, { name: N }>['labelNames'][number];

function definitionOf(name: string): Definition {
  const definition = BUSINESS_METRICS.find((m) => m.name === name);
  if (!definition) throw new Error(`${name} is not a business metric`);
  return definition;
}

/** Registers a business counter with its catalog help and labels. */
export function businessCounter<N extends CounterName>(
  platform: PlatformMetrics,
  name: N,
): Counter<LabelsOf<N>> {
  const { help, labelNames } = definitionOf(name);
  return platform.counter<LabelsOf<N>>({
    name,
    help,
    labelNames: labelNames as readonly LabelsOf<N>[],
  });
}

/** What one database read answers for the gauges it feeds: a number, or a number per label set. */
export type GaugeReading = number | readonly { labels: Record<string, string>; value: number }[];

/**
 * Registers gauges computed from the database when Prometheus scrapes: `read` runs once per scrape
 * for all of them (prom-client collects a scrape's metrics concurrently) and answers each gauge's
 * value. Every instance reports the same figures, so dashboards take `max`, not `sum`. A read
 * that fails leaves the figures out of that scrape and counts a collection error.
 */
export function businessGauges<N extends GaugeName>(
  platform: PlatformMetrics,
  names: readonly N[],
  read: () => Promise<Record<N, GaugeReading>>,
): Gauge[] {
  const shared = platform.oncePerScrape(read);
  return names.map((name) => {
    const { help, labelNames } = definitionOf(name);
    return platform.gauge({
      name,
      help,
      labelNames,
      async collect() {
        let reading: GaugeReading;
        try {
          reading = (await shared())[name];
        } catch {
          platform.collectionFailed('database');
          return;
        }
        this.reset();
        if (typeof reading === 'number') this.set(reading);
        else for (const { labels, value } of reading) this.set(labels, value);
      },
    });
  });
}
