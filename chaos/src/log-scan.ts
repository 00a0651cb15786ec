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
 * Scans every log file of a run for the values sent (names, birth dates, diagnosis codes, the
 * synthetic PHI of malformed records).
 */
export async function scanLogs(logDir: string, canaries: ReadonlySet<string>): Promise<LeakReport> {
  const report: LeakReport = { lines: 0, leaks: 0, examples: [], nonJsonLines: 0 };
  if (!existsSync(logDir)) return report;
  const find = canaryFinder(canaries);
  for (const file of readdirSync(logDir).filter((f) => f.endsWith('.log'))) {
    const lines = createInterface({
      input: createReadStream(join(logDir, file)),
      crlfDelay: Infinity,
    });
    for await (const line of lines) {
      report.lines += 1;
      if (!line.startsWith('{')) report.nonJsonLines += 1;
      count(report, find(line), `${file}: `, line);
    }
  }
  return report;
}

/** The same scan over texts that are not log files: DLQ reason headers, HTTP answers. */
export function scanTexts(
  texts: Iterable<{ label: string; text: string }>,
  canaries: ReadonlySet<string>,
): LeakReport {
  const report: LeakReport = { lines: 0, leaks: 0, examples: [], nonJsonLines: 0 };
  const find = canaryFinder(canaries);
  for (const { label, text } of texts) {
    report.lines += 1;
    count(report, find(text), `${label}: `, text);
  }
  return report;
}

function count(report: LeakReport, found: string[], where: string, text: string): void {
  for (const token of found) {
    report.leaks += 1;
    if (report.examples.length < 5)
      report.examples.push(`${where}${token} in ${text.slice(0, 300)}`);
  }
}

/**
 * The canaries in a text: it is split on anything that cannot be part of one, and each token
 * looked up (a diagnosis code also without its dot).
 */
function canaryFinder(canaries: ReadonlySet<string>): (text: string) => string[] {
  const lowered = new Set([...canaries].map((c) => c.toLowerCase()));
  const dotless = new Set(
    [...canaries]
      .filter((c) => /^[A-Z]\d/.test(c) && c.includes('.'))
      .map((c) => c.replace('.', '').toLowerCase()),
  );
  return (text) => {
    const found: string[] = [];
    for (const raw of text.split(/[^A-Za-z0-9.-]+/)) {
      if (raw.length < 4) continue;
      const token = raw.replace(/^[.-]+|[.-]+$/g, '').toLowerCase();
      if (lowered.has(token) || dotless.has(token)) found.push(token);
    }
    return found;
  };
}
