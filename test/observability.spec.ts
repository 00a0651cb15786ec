import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { parse } from 'yaml';
import type { MessagingRuntime } from '@careflow/messaging';
import { BUSINESS_METRICS, PlatformMetrics } from '@careflow/platform';
import { RoutingMetrics } from '../services/authorization-routing/src/metrics/routing.metrics';
import type { RoutingMetricsRepository } from '../services/authorization-routing/src/metrics/routing-metrics.repository';
import { CaseManagementMetrics } from '../services/case-management/src/metrics/case-management.metrics';
import type { CaseMetricsRepository } from '../services/case-management/src/metrics/case-metrics.repository';
import { NotificationMetrics } from '../services/pcp-notification/src/metrics/notification.metrics';
import type { NotificationMetricsRepository } from '../services/pcp-notification/src/metrics/notification-metrics.repository';
import { AuthorizationRoutingConfigShape } from '../services/authorization-routing/src/config';
import { CaseManagementConfigShape } from '../services/case-management/src/config';
import { EligibilityConfigShape } from '../services/eligibility/src/config';
import { PcpNotificationConfigShape } from '../services/pcp-notification/src/config';
import { InteropGatewayConfigShape } from '../services/interop-gateway/src/config';
import { InteropMetrics } from '../services/interop-gateway/src/metrics/interop.metrics';

/** infra/observability: every series an alert or a panel reads is one the services export. */
const DIR = join(__dirname, '..', 'infra', 'observability');
const read = (path: string) => readFileSync(join(DIR, path), 'utf8');

interface BusinessMetric {
  name: string;
  type: 'counter' | 'gauge';
  service: string;
  help: string;
  labelNames: string[];
}
interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  for: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}
interface Panel {
  type: string;
  title: string;
  id: number;
  targets?: { expr: string }[];
  panels?: Panel[];
}

const business = (JSON.parse(read('business-metrics.json')) as { metrics: BusinessMetric[] })
  .metrics;
const rules = parse(read('prometheus/alerts.yml')) as { groups: { name: string; rules: Rule[] }[] };
const dashboard = JSON.parse(read('grafana/careflow.json')) as { uid: string; panels: Panel[] };

const KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);
const OPERATORS = new Set(['and', 'or', 'unless', 'offset', 'bool', 'inf', 'nan']);

/**
 * The metric names a PromQL expression selects (no promtool here): strings, label matchers,
 * ranges and grouping clauses removed, then every identifier that is not a function call, a
 * keyword or part of a number. Throws on unbalanced brackets.
 */
function metricNames(expr: string): string[] {
  const pairs: Record<string, string> = { ')': '(', '}': '{', ']': '[' };
  const stack: string[] = [];
  for (const c of expr.replace(/"(?:[^"\\]|\\.)*"/g, '""')) {
    if ('({['.includes(c)) stack.push(c);
    else if (c in pairs && stack.pop() !== pairs[c]) throw new Error(`unbalanced ${c}: ${expr}`);
  }
  if (stack.length > 0) throw new Error(`unclosed ${stack.join('')}: ${expr}`);
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\boffset\s+\w+/g, ' ');
  const names: string[] = [];
  for (const m of bare.matchAll(/[A-Za-z_:][A-Za-z0-9_:]*/g)) {
    const before = bare[m.index - 1] ?? ' ';
    if (/[0-9.$]/.test(before)) continue; // 1e3, $__rate_interval
    if (
      bare
        .slice(m.index + m[0].length)
        .trimStart()
        .startsWith('(')
    )
      continue; // a function
    if (KEYWORDS.has(m[0]) || OPERATORS.has(m[0])) continue;
    names.push(m[0]);
  }
  return names;
}

function panelsOf(panels: Panel[]): Panel[] {
  return panels.flatMap((p) => [p, ...panelsOf(p.panels ?? [])]);
}

/** The series a registry exports (a histogram's as Prometheus stores them). */
async function seriesOf(platform: PlatformMetrics): Promise<string[]> {
  // At run time `type` is prom-client's string ('histogram'), whatever its typings say.
  return (await platform.registry.getMetricsAsJSON()).flatMap((m) =>
    ['histogram', 'summary'].includes(String(m.type))
      ? [m.name, `${m.name}_bucket`, `${m.name}_sum`, `${m.name}_count`]
      : [m.name],
  );
}

/**
 * Each service's registry as the service builds it: the platform's metrics and the service's own
 * business metrics class (its repository answers zeros: only what is registered matters here).
 */
function serviceRegistries(): Record<string, PlatformMetrics> {
  const clock = { now: () => new Date('2026-12-01T12:00:00Z') };
  const routing = new PlatformMetrics('authorization-routing');
  new RoutingMetrics(
    routing,
    {
      requestBacklog: async () => ({ pended: 0, overdue: 0 }),
    } as unknown as RoutingMetricsRepository,
    clock,
  );
  const cases = new PlatformMetrics('case-management');
  new CaseManagementMetrics(cases, {
    casesByStatus: async () => [],
  } as unknown as CaseMetricsRepository);
  const notifications = new PlatformMetrics('pcp-notification');
  new NotificationMetrics(
    notifications,
    {
      backlog: async () => ({ lettersDue: 0, lettersFailed: 0, callsOverdue: 0 }),
    } as unknown as NotificationMetricsRepository,
    clock,
  );
  const gateway = new PlatformMetrics('interop-gateway');
  new InteropMetrics(gateway);
  const registries: Record<string, PlatformMetrics> = {
    eligibility: new PlatformMetrics('eligibility'),
    'authorization-routing': routing,
    'case-management': cases,
    'pcp-notification': notifications,
    'interop-gateway': gateway,
  };
  // Only the names matter: the collectors of a scrape read these stand-ins.
  const messaging = {
    consumerLag: async () => [],
    storeBacklog: async () => ({ waiting: 0, oldestSeconds: 0, inboxSize: 0 }),
  } as unknown as MessagingRuntime;
  for (const platform of Object.values(registries))
    platform.watch(messaging, { driver: {} } as unknown as DataSource);
  return registries;
}

describe('observability kit (infra/observability)', () => {
  let exported: Set<string>;
  let registries: Record<string, PlatformMetrics>;

  beforeAll(async () => {
    registries = serviceRegistries();
    const series = (await Promise.all(Object.values(registries).map(seriesOf))).flat();
    // `up` is the scrape's own series, written by Prometheus for every target.
    exported = new Set([...series, 'up']);
    expect(exported).toContain('careflow_consumer_lag');
    expect(exported).toContain('careflow_event_end_to_end_seconds_bucket');
  });

  it('has each business metric registered by the service that owns it, as the list says', async () => {
    expect(business).toEqual(BUSINESS_METRICS);
    for (const metric of business) {
      for (const [service, platform] of Object.entries(registries)) {
        const registered = platform.registry.getSingleMetric(metric.name) as unknown as
          { help: string; labelNames: string[]; get(): Promise<{ type: string }> } | undefined;
        if (service !== metric.service) {
          expect({ service, name: metric.name, registered }).toEqual({
            service,
            name: metric.name,
            registered: undefined,
          });
          continue;
        }
        expect(registered).toBeDefined();
        expect(registered?.help).toBe(metric.help);
        expect(registered?.labelNames).toEqual(metric.labelNames);
        expect(String((await registered?.get())?.type)).toBe(metric.type);
      }
    }
  });

  it('lists the business metrics once, with help, labels and the service that registers them', () => {
    expect(business.map((b) => b.name).sort()).toEqual([
      'careflow_calls_overdue',
      'careflow_cases',
      'careflow_ccm_identifications_total',
      'careflow_interop_messages_total',
      'careflow_letters_due',
      'careflow_letters_failed',
      'careflow_pa_decisions_total',
      'careflow_pa_requests_overdue',
      'careflow_pa_requests_pended',
    ]);
    const labels = Object.fromEntries(business.map((b) => [b.name, b.labelNames]));
    expect(labels['careflow_pa_decisions_total']).toEqual(['vendor', 'outcome']);
    expect(labels['careflow_ccm_identifications_total']).toEqual(['criterion', 'source']);
    expect(labels['careflow_cases']).toEqual(['status']);
    expect(labels['careflow_interop_messages_total']).toEqual([
      'standard',
      'message_type',
      'acknowledgment',
    ]);
    const services = [
      'authorization-routing',
      'case-management',
      'pcp-notification',
      'interop-gateway',
    ];
    for (const metric of business) {
      expect(metric.help.length).toBeGreaterThan(20);
      expect(services).toContain(metric.service);
      expect(metric.name.endsWith('_total')).toBe(metric.type === 'counter');
      for (const label of metric.labelNames) expect(label).toMatch(/^[a-z_]+$/);
    }
  });

  it('reads only exported series in every alert and every dashboard query', () => {
    const exprs = [
      ...rules.groups.flatMap((g) => g.rules.map((r) => r.expr)),
      ...panelsOf(dashboard.panels).flatMap((p) => (p.targets ?? []).map((t) => t.expr)),
    ];
    expect(exprs.length).toBeGreaterThan(30);
    const used = new Set<string>();
    for (const expr of exprs) {
      const names = metricNames(expr);
      expect({ expr, names: names.length > 0 }).toEqual({ expr, names: true });
      expect({ expr, unknown: names.filter((n) => !exported.has(n)) }).toEqual({
        expr,
        unknown: [],
      });
      names.forEach((n) => used.add(n));
    }
    // Every business metric is watched somewhere, or it would not need registering.
    for (const metric of business) expect(used).toContain(metric.name);
  });

  it('finds the metric names of an expression and refuses unbalanced ones', () => {
    expect(
      metricNames(
        'histogram_quantile(0.99, sum by (le, topic) (rate(a_seconds_bucket{x=~"y|z"}[$__rate_interval]))) / on (topic) b_total offset 5m > 1e3',
      ),
    ).toEqual(['a_seconds_bucket', 'b_total']);
    expect(() => metricNames('sum(rate(a_total[5m])')).toThrow('unclosed');
    expect(() => metricNames('a_total{x="1"]')).toThrow('unbalanced');
  });

  it('has well-formed alert rules', () => {
    const names = new Set<string>();
    for (const group of rules.groups) {
      expect(group.name).toMatch(/^careflow-/);
      expect(group.rules.length).toBeGreaterThan(0);
      for (const rule of group.rules) {
        expect(rule.alert).toMatch(/^Careflow[A-Z][A-Za-z]+$/);
        expect(names.has(rule.alert ?? '')).toBe(false);
        names.add(rule.alert ?? '');
        expect(rule.record).toBeUndefined();
        expect(rule.for).toMatch(/^\d+[smh]$/);
        expect(['warning', 'critical']).toContain(rule.labels.severity);
        expect(Object.keys(rule.annotations).sort()).toEqual(['description', 'summary']);
      }
    }
    const alerts = [...names];
    for (const topic of ['Lag', 'DeadLetter', 'Outbox', 'PaRequestsOverdue', 'LettersStuck'])
      expect(alerts.some((a) => a.includes(topic))).toBe(true);
    const promtool = spawnSync('promtool', ['check', 'rules', join(DIR, 'prometheus/alerts.yml')], {
      encoding: 'utf8',
    });
    // With promtool installed, its full parse must pass too.
    if (!promtool.error) expect(promtool.stdout + promtool.stderr).toContain('SUCCESS');
  });

  it('has a dashboard with unique panel ids, each query on the chosen data source', () => {
    const panels = panelsOf(dashboard.panels);
    expect(new Set(panels.map((p) => p.id)).size).toBe(panels.length);
    const titles = panels.map((p) => p.title).join('\n');
    for (const word of ['lag', 'Dead-lettered', 'latency', 'Requests', 'pool', 'PA decisions'])
      expect(titles).toContain(word);
    expect(JSON.stringify(dashboard)).not.toMatch(/"uid":\s*"(?!\$\{datasource\}|careflow-)/);
  });

  it('scrapes the pods of the cluster and the five ports of npm start', () => {
    const kubernetes = parse(read('prometheus/kubernetes.yml')) as {
      rule_files: string[];
      scrape_configs: { kubernetes_sd_configs: { role: string }[] }[];
    };
    expect(kubernetes.rule_files).toEqual(['alerts.yml']);
    expect(kubernetes.scrape_configs[0]?.kubernetes_sd_configs[0]?.role).toBe('pod');
    const local = parse(read('prometheus/local.yml')) as {
      scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
    };
    const ports = [
      EligibilityConfigShape,
      AuthorizationRoutingConfigShape,
      CaseManagementConfigShape,
      PcpNotificationConfigShape,
      InteropGatewayConfigShape,
    ].map((shape) => `127.0.0.1:${shape.PORT.parse(undefined)}`);
    expect(local.scrape_configs[0]?.static_configs[0]?.targets).toEqual(ports);
    expect(local.scrape_configs[0]?.job_name).toBe('careflow');
  });
});
