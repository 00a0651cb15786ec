import { createReadStream, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface LeakReport {
  /** Log lines scanned across every service log. */
  lines: number;
  /** Occurrences of a sent name, birth date or diagnosis code. */
  leaks: number;
  examples: string[];
  /** Lines that are not JSON (stack traces, raw prints): PHI could hide there too, so they are scanned alike. */
  nonJsonLines: number;
}

/**
 * Scans every log file of a run for the values sent (names, birth dates, diagnosis codes): a log
 * line is split on anything that cannot be part of one, and each token looked up.
 */
export async function scanLogs(logDir: string, canaries: ReadonlySet<string>): Promise<LeakReport> {
  const report: LeakReport = { lines: 0, leaks: 0, examples: [], nonJsonLines: 0 };
  if (!existsSync(logDir)) return report;
  const lowered = new Set([...canaries].map((c) => c.toLowerCase()));
  const dotless = new Set(
    [...canaries]
      .filter((c) => /^[A-Z]\d/.test(c) && c.includes('.'))
      .map((c) => c.replace('.', '').toLowerCase()),
  );
  for (const file of readdirSync(logDir).filter((f) => f.endsWith('.log'))) {
    const lines = createInterface({
      input: createReadStream(join(logDir, file)),
      crlfDelay: Infinity,
    });
    for await (const line of lines) {
      report.lines += 1;
      if (!line.startsWith('{')) report.nonJsonLines += 1;
      for (const raw of line.split(/[^A-Za-z0-9.-]+/)) {
        if (raw.length < 4) continue;
        const token = raw.replace(/^[.-]+|[.-]+$/g, '').toLowerCase();
        if (lowered.has(token) || dotless.has(token)) {
          report.leaks += 1;
          if (report.examples.length < 5)
            report.examples.push(`${file}: ${token} in ${line.slice(0, 300)}`);
        }
      }
    }
  }
  return report;
}
