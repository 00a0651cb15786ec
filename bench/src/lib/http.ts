import { summarize, type LatencySummary } from './stats';

/** Sequential timed GETs; returns latency summary and status counts. */
export async function timedGets(
  urls: readonly string[],
  token: string,
): Promise<{ latency: LatencySummary; statuses: Map<number, number>; firstError: string | null }> {
  const samples: number[] = [];
  const statuses = new Map<number, number>();
  let firstError: string | null = null;
  const headers = { authorization: `Bearer ${token}` };
  for (const url of urls) {
    const t0 = performance.now();
    const response = await fetch(url, { headers });
    const body = await response.text();
    samples.push(performance.now() - t0);
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    if (!response.ok && firstError === null)
      firstError = `${response.status} ${body.slice(0, 200)}`;
  }
  return { latency: summarize(samples), statuses, firstError };
}

export function statusText(statuses: Map<number, number>): string {
  return [...statuses.entries()].map(([s, n]) => `${n}× ${s}`).join(', ');
}
