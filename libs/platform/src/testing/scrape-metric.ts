import type { TestService } from './test-service';

/**
 * The value of one series in the service's `/metrics` (GET without a token, as Prometheus does),
 * matched by name and by the labels given (others may be present); 0 when the series is absent,
 * as Prometheus reads a counter not yet incremented.
 */
export async function scrapeMetric(
  service: TestService,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const scrape = await service.request('GET', '/metrics');
  if (scrape.status !== 200) throw new Error(`/metrics answered ${scrape.status}`);
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of scrape.text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = (match[2] ?? '').split(',');
    if (wanted.every((w) => present.includes(w))) return Number(match[3]);
  }
  return 0;
}
