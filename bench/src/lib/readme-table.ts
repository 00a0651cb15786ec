/**
 * The root README's benchmark table, derived from bench/results/latest.md (never edited by hand):
 * the run's line (when, commit, machine, load), its summary table without the status column, and
 * its table of the #29 targets. `npm run bench:readme` writes it between the markers; a unit test
 * fails when the README's table differs from what this derives.
 */

export const START_MARKER =
  '<!-- bench-table:start: generated from bench/results/latest.md by `npm run bench:readme`; do not edit -->';
export const END_MARKER = '<!-- bench-table:end -->';

/** The cells of a markdown table row (a `\|` inside a cell stays in it). */
export function cellsOf(row: string): string[] {
  return row
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}

/** The rows (cells) of the first table after the heading line `heading`; null if there is none. */
export function tableAfter(markdown: string, heading: string): string[][] | null {
  const lines = markdown.split('\n');
  const at = lines.findIndex((l) => l.trim() === heading);
  if (at < 0) return null;
  let i = at + 1;
  while (i < lines.length && !lines[i]!.startsWith('|')) {
    if (lines[i]!.startsWith('#')) return null;
    i++;
  }
  const rows: string[][] = [];
  for (; i < lines.length && lines[i]!.startsWith('|'); i++) rows.push(cellsOf(lines[i]!));
  // Header and separator are not rows.
  return rows.slice(2);
}

function runLine(latest: string): string {
  const title = /^# Careflow benchmarks — (.+) UTC$/m.exec(latest)?.[1] ?? 'an unknown time';
  const info = latest.split('\n').find((l) => /Commit /.test(l)) ?? '';
  const size = info.includes('**Quick run')
    ? 'a quick run (`--quick`, counts ÷ 10)'
    : 'a full-size run';
  const only = /Benchmarks run: (.+?) \(not in this run/.exec(info)?.[1];
  const unfinished = /\*\*In progress: (\d+ of \d+) benchmarks done/.exec(info)?.[1];
  const kind = [
    unfinished ? `an unfinished run (${unfinished} benchmarks done), ` : '',
    size,
    only ? ` of ${only} only` : '',
  ].join('');
  const commit = /Commit ([^;]+);/.exec(info)?.[1] ?? 'unknown';
  const cores = /; (\d+ CPU cores \(.*?\)), \d+ GiB/.exec(info)?.[1];
  const seconds = /(\d+) s in all/.exec(info)?.[1];
  const load = /at the start ([\d.]+ \/ [\d.]+ \/ [\d.]+)/.exec(info)?.[1];
  const parts = [
    `From [bench/results/latest.md](bench/results/latest.md), ${kind} started ${title} UTC at commit ${commit}`,
    cores ? ` on ${cores}` : '',
    seconds ? `, ${Number(seconds).toLocaleString('en-US')} s in all` : '',
    load ? `, load average ${load} at the start` : '',
    '. Each ratio is against the baseline of the same run; details and earlier runs in [bench/README.md](bench/README.md#last-figures).',
  ];
  return parts.join('');
}

/** The README block (markers included) for a latest.md. */
export function readmeTableFrom(latest: string): string {
  const out = [START_MARKER, '', runLine(latest), ''];
  const summary = tableAfter(latest, '## Summary') ?? [];
  out.push(
    '| benchmark | figure | baseline (same run) | ratio | target |',
    '|---|---|---|---|---|',
  );
  for (const [name, , status, figure, baseline, ratio, target] of summary) {
    const what = status === 'ok' ? (figure ?? '') : `${status}${figure ? `; ${figure}` : ''}`;
    out.push(`| ${name ?? ''} | ${what} | ${baseline ?? ''} | ${ratio ?? ''} | ${target ?? ''} |`);
  }
  const targets = tableAfter(latest, '### Targets of issue #29');
  if (targets) {
    out.push('', 'Targets of issue #29 in that run:', '');
    out.push('| target | figure | baseline (same run) | status |', '|---|---|---|---|');
    for (const [target, figure, baseline, status] of targets)
      out.push(`| ${target ?? ''} | ${figure ?? ''} | ${baseline ?? ''} | ${status ?? ''} |`);
  }
  out.push('', END_MARKER);
  return out.join('\n');
}

/** The README's current block (markers included); throws when the markers are missing. */
export function currentBlock(readme: string): string {
  const start = readme.indexOf(START_MARKER);
  const end = readme.indexOf(END_MARKER);
  if (start < 0 || end < start)
    throw new Error('README.md has no benchmark table markers (bench-table:start / end)');
  return readme.slice(start, end + END_MARKER.length);
}

/** The README with its block replaced by `block`. */
export function withBlock(readme: string, block: string): string {
  return readme.replace(currentBlock(readme), () => block);
}
