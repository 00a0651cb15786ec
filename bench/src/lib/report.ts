import { execFileSync } from 'node:child_process';
import { copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ratioOf, type BenchResult, type Figure } from './result';
import { escapeXml, linePanel, seriesTable } from './series-chart';
import { fmt, loadAverageText } from './stats';
import { summarizeTargets } from './targets';
import { errorText } from '@careflow/contracts';

export interface RunInfo {
  startedAt: Date;
  finishedAt: Date;
  quick: boolean;
  brokers: string;
  databaseUrl: string;
  /** The benchmarks this run was asked for, in order. */
  selected: string[];
  /** Every benchmark there is: a run of fewer says which it left out. */
  available: string[];
  /** How many of the selected benchmarks have finished: fewer than selected while the run goes on. */
  finished: number;
  repoRoot: string;
  loadAtStart: number[];
}

function gitCommit(repoRoot: string): string {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: repoRoot,
      encoding: 'utf8',
    }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'services', 'libs'], {
      cwd: repoRoot,
      encoding: 'utf8',
    }).trim();
    return dirty ? `${sha} (with uncommitted changes in services/ or libs/)` : sha;
  } catch {
    return 'unknown';
  }
}

const statusText: Record<BenchResult['status'], string> = {
  ok: 'ok',
  partial: 'partly run',
  'not-run': 'not run',
  failed: 'failed',
};

function valueText(f: Figure): string {
  return f.value === null ? 'n/a' : `${fmt(f.value)} ${f.unit}`;
}

function scopeText(info: RunInfo): string {
  const left = info.available.filter((name) => !info.selected.includes(name));
  return left.length
    ? `Benchmarks run: ${info.selected.join(', ')} (not in this run: ${left.join(', ')}).`
    : 'Every benchmark.';
}

function progressText(info: RunInfo): string {
  return info.finished < info.selected.length
    ? `**In progress: ${info.finished} of ${info.selected.length} benchmarks done** (this file is rewritten after each one; the chart is drawn at the end). `
    : '';
}

/** The chart beside the report: its file name, or why there is none. */
export type ChartImage = { readonly file: string } | { readonly missing: string };

export function renderMarkdown(
  info: RunInfo,
  results: readonly BenchResult[],
  image: ChartImage = { file: 'latest.png' },
): string {
  const lines: string[] = [];
  lines.push(
    `# Careflow benchmarks — ${info.startedAt.toISOString().replace('T', ' ').slice(0, 19)} UTC`,
  );
  lines.push('');
  lines.push(
    `${progressText(info)}${info.quick ? '**Quick run (`--quick`: counts ÷ 10) — a smoke test, not comparable with full runs.**' : 'Full-size run.'} ${scopeText(info)} ` +
      `Commit ${gitCommit(info.repoRoot)}; ${cpus().length} CPU cores (${cpus()[0]?.model.trim() ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB; ` +
      `Kafka ${process.env['KAFKA_VERSION'] ?? '4.4.0'} at ${info.brokers} (one broker, 6 partitions per topic); PostgreSQL database \`${new URL(info.databaseUrl).pathname.slice(1)}\`; ` +
      `${Math.round((info.finishedAt.getTime() - info.startedAt.getTime()) / 1000)} s in all. ` +
      `Load average (1/5/15 min) at the start ${info.loadAtStart.map((l) => l.toFixed(1)).join(' / ')}, at the end ${loadAverageText()}: the machine is shared, so compare each figure with its baseline rather than across runs.`,
  );
  lines.push('');
  lines.push(
    'Every figure was measured in this run; each baseline on the same broker with the same messages, in the same run.',
  );
  lines.push('');
  lines.push(
    'file' in image
      ? `![throughput and latency](${image.file})`
      : `(No chart: ${image.missing}. \`scripts/ensure-chromium.sh\` installs the browser that draws it.)`,
  );
  lines.push('');
  lines.push('## Summary');
  lines.push('');
  lines.push('| benchmark | issue | status | figure | baseline | ratio | target |');
  lines.push('|---|---|---|---|---|---|---|');
  for (const r of results) {
    const head = r.figures.find((f) => f.baseline || f.target);
    const lat = r.latencies.find((l) => l.target);
    const figure = head
      ? `${head.label}: ${valueText(head)}`
      : lat
        ? `${lat.label}: p99 ${fmt(lat.p99)} ms`
        : '';
    const baseline = head?.baseline
      ? `${head.baseline.label}: ${head.baseline.value === null ? 'n/a' : `${fmt(head.baseline.value)} ${head.unit}`}`
      : '';
    const ratio = head ? ratioOf(head) : null;
    const target = head?.target ?? lat?.target;
    const targetText = target
      ? `${target.text}: ${target.met === null ? 'n/a' : target.met ? 'met' : '**not met**'}`
      : '';
    const status =
      r.status === 'ok'
        ? 'ok'
        : `${statusText[r.status]}${r.reason ? `: ${oneLine(r.reason)}` : ''}`;
    lines.push(
      `| ${r.name} | ${r.issue} | ${status} | ${figure} | ${baseline} | ${ratio === null ? '' : `${fmt(ratio, 2)}x`} | ${targetText} |`,
    );
  }
  lines.push('');
  lines.push('### Targets of issue #29');
  lines.push('');
  lines.push('| target | figure | baseline (same run) | status |');
  lines.push('|---|---|---|---|');
  for (const t of summarizeTargets(results)) {
    const status = t.status === 'met' ? 'met' : t.status === 'not met' ? '**not met**' : t.status;
    lines.push(
      `| ${t.text} | ${cell(t.figure)} | ${cell(t.baseline)} | ${status}${t.why ? `: ${cell(t.why)}` : ''} |`,
    );
  }
  for (const r of results) {
    lines.push('');
    lines.push(`## ${r.title} (\`${r.name}\`, issue: ${r.issue})`);
    lines.push('');
    lines.push(
      `Status: **${statusText[r.status]}**${r.reason ? ` — ${r.reason.replace(/\n/g, ' ')}` : ''} (${fmt(r.durationMs / 1000, 0)} s)`,
    );
    if (r.figures.length) {
      lines.push('');
      lines.push('| measure | value | baseline (same run) | ratio | target |');
      lines.push('|---|---|---|---|---|');
      for (const f of r.figures) {
        const ratio = ratioOf(f);
        const baseline = f.baseline
          ? `${f.baseline.label}: ${f.baseline.value === null ? 'n/a' : `${fmt(f.baseline.value)} ${f.unit}`}`
          : '';
        const target = f.target
          ? `${f.target.text}: ${f.target.met === null ? 'n/a' : f.target.met ? 'met' : '**not met**'}`
          : '';
        lines.push(
          `| ${f.label}${f.note ? ` (${f.note})` : ''} | ${valueText(f)} | ${baseline} | ${ratio === null ? '' : `${fmt(ratio, 2)}x`} | ${target} |`,
        );
      }
    }
    if (r.latencies.length) {
      lines.push('');
      lines.push('| latency | samples | p50 | p95 | p99 | max | target |');
      lines.push('|---|---|---|---|---|---|---|');
      for (const l of r.latencies) {
        const target = l.target
          ? `${l.target.text}: ${l.target.met === null ? 'n/a' : l.target.met ? 'met' : '**not met**'}`
          : '';
        lines.push(
          `| ${l.label} | ${l.count} | ${fmt(l.p50, 1)} ms | ${fmt(l.p95, 1)} ms | ${fmt(l.p99, 1)} ms | ${fmt(l.max, 1)} ms | ${target} |`,
        );
      }
    }
    for (const series of r.series ?? []) {
      lines.push('');
      lines.push(...seriesTable(series));
    }
    if (r.skipped.length) {
      lines.push('');
      for (const s of r.skipped) lines.push(`- not run: ${s.replace(/\n/g, ' ')}`);
    }
    if (r.notes.length) {
      lines.push('');
      for (const n of r.notes) lines.push(`- ${n}`);
    }
  }
  lines.push('');
  return lines.join('\n');
}

/** Text fit for one table cell. */
function cell(text: string): string {
  return text.replace(/\n/g, ' ').replace(/\|/g, '\\|');
}

function oneLine(text: string): string {
  const first = text.split('\n')[0] ?? '';
  return first.length > 140 ? `${first.slice(0, 137)}...` : first;
}

/** Horizontal bars on a log scale: each row a measured value and its baseline. */
function barPanel(
  title: string,
  unit: string,
  rows: { label: string; bars: { name: string; value: number; color: string }[] }[],
): string {
  const width = 1200;
  const left = 420;
  const right = 110;
  const barH = 16;
  const rowGap = 14;
  const top = 46;
  const rowH = (r: (typeof rows)[number]) => r.bars.length * (barH + 3) + rowGap;
  const height = top + rows.reduce((s, r) => s + rowH(r), 0) + 40;
  const values = rows.flatMap((r) => r.bars.map((b) => b.value)).filter((v) => v > 0);
  if (values.length === 0) return '';
  const lo = Math.pow(10, Math.floor(Math.log10(Math.min(...values))));
  const hi = Math.pow(10, Math.ceil(Math.log10(Math.max(...values)) + 1e-9));
  const x = (v: number) =>
    left +
    ((Math.log10(Math.max(v, lo)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) *
      (width - left - right);
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="DejaVu Sans, Arial, sans-serif" font-size="12">`,
  );
  parts.push(`<text x="10" y="22" font-size="16" font-weight="bold">${escapeXml(title)}</text>`);
  parts.push(
    `<text x="${width - 10}" y="22" text-anchor="end" fill="#555">${escapeXml(unit)}, log scale</text>`,
  );
  for (let d = lo; d <= hi * 1.0001; d *= 10) {
    parts.push(
      `<line x1="${x(d)}" x2="${x(d)}" y1="${top - 8}" y2="${height - 30}" stroke="#ddd"/>`,
    );
    parts.push(
      `<text x="${x(d)}" y="${height - 14}" text-anchor="middle" fill="#555">${fmt(d, 0)}</text>`,
    );
  }
  let y = top;
  for (const row of rows) {
    parts.push(
      `<text x="${left - 8}" y="${y + barH - 3}" text-anchor="end">${escapeXml(row.label.length > 62 ? `${row.label.slice(0, 59)}...` : row.label)}</text>`,
    );
    for (const bar of row.bars) {
      parts.push(
        `<rect x="${left}" y="${y}" width="${Math.max(1, x(bar.value) - left)}" height="${barH}" fill="${bar.color}"/>`,
      );
      parts.push(
        `<text x="${x(bar.value) + 4}" y="${y + barH - 3}" fill="#222">${fmt(bar.value)} ${escapeXml(bar.name)}</text>`,
      );
      y += barH + 3;
    }
    y += rowGap;
  }
  parts.push('</svg>');
  return parts.join('');
}

export function renderChartHtml(info: RunInfo, results: readonly BenchResult[]): string {
  const throughputRows = results.flatMap((r) =>
    r.figures
      .filter((f) => f.kind === 'throughput' && f.value !== null)
      .map((f) => ({
        label: `${r.name}: ${f.label}`,
        bars: [
          { name: '', value: f.value!, color: '#2f6fb0' },
          ...(f.baseline?.value
            ? [{ name: `baseline: ${f.baseline.label}`, value: f.baseline.value, color: '#b0b0b0' }]
            : []),
        ],
      })),
  );
  const latencyRows = results.flatMap((r) =>
    r.latencies.map((l) => ({
      label: `${r.name}: ${l.label}`,
      bars: [
        { name: 'p50', value: l.p50, color: '#7fb77e' },
        { name: 'p95', value: l.p95, color: '#e0a040' },
        { name: 'p99', value: l.p99, color: '#c0504d' },
      ],
    })),
  );
  const lineCharts = results.flatMap((r) =>
    (r.series ?? []).map((series) => linePanel(`${r.name}: ${series.title}`, series)),
  );
  const notRun = results.filter((r) => r.status === 'not-run' || r.status === 'failed');
  return `<!doctype html><html><head><meta charset="utf-8"><style>body{margin:16px;font-family:'DejaVu Sans',Arial,sans-serif;background:#fff}h1{font-size:20px;margin:0 0 6px}p{margin:4px 0 14px;color:#444;font-size:13px}</style></head><body>
<h1>Careflow benchmarks ${escapeXml(info.startedAt.toISOString().slice(0, 16).replace('T', ' '))} UTC${info.quick ? ' — QUICK (counts ÷ 10)' : ''}</h1>
<p>Blue: measured; grey: baseline in the same run on the same broker (Kafka ${escapeXml(info.brokers)}). ${cpus().length} cores.</p>
${throughputRows.length ? barPanel('Throughput (higher is better)', 'per second', throughputRows) : '<p>No throughput figures in this run.</p>'}
${latencyRows.length ? barPanel('Latency p50 / p95 / p99 (lower is better)', 'milliseconds', latencyRows) : '<p>No latency figures in this run.</p>'}
${lineCharts.join('\n')}
${notRun.length ? `<p><b>Not run:</b> ${notRun.map((r) => `${escapeXml(r.name)} (${escapeXml(oneLine(r.reason ?? r.status))})`).join('; ')}</p>` : ''}
</body></html>`;
}

export async function screenshot(html: string, htmlPath: string, pngPath: string): Promise<void> {
  writeFileSync(htmlPath, html);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1240, height: 600 } });
    await page.goto(`file://${htmlPath}`);
    await page.screenshot({ path: pngPath, fullPage: true });
  } finally {
    await browser.close();
  }
}

/** `<stamp>.md` with the benchmarks done so far (no chart), so a run stopped early keeps them. */
export function writeProgress(
  info: RunInfo,
  results: readonly BenchResult[],
  resultsDir: string,
): string {
  const md = join(resultsDir, `${stampOf(info)}.md`);
  writeFileSync(md, renderMarkdown(info, results, { missing: 'drawn when the run ends' }));
  return md;
}

function stampOf(info: RunInfo): string {
  return info.startedAt.toISOString().replace(/[:.]/g, '-').slice(0, 19);
}

export async function writeReport(
  info: RunInfo,
  results: readonly BenchResult[],
  resultsDir: string,
): Promise<{ md: string; png: string | null }> {
  const stamp = stampOf(info);
  const md = join(resultsDir, `${stamp}.md`);
  const latestPng = join(resultsDir, 'latest.png');
  let png: string | null = join(resultsDir, `${stamp}.png`);
  let missing = '';
  try {
    await screenshot(renderChartHtml(info, results), join(resultsDir, `${stamp}.html`), png);
    copyFileSync(png, latestPng);
  } catch (error) {
    missing = errorText(error).split('\n')[0] ?? '';
    process.stderr.write(`chart not rendered: ${missing}\n`);
    png = null;
    // A chart of an earlier run beside this report would show other figures than its tables.
    rmSync(latestPng, { force: true });
  }
  writeFileSync(md, renderMarkdown(info, results, png ? { file: `${stamp}.png` } : { missing }));
  writeFileSync(
    join(resultsDir, 'latest.md'),
    renderMarkdown(info, results, png ? { file: 'latest.png' } : { missing }),
  );
  return { md, png };
}
