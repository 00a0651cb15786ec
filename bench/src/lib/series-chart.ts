/** Line charts and tables of a series (the soak's minutes, the growth run's member counts). */
import type { Series } from './result';
import { fmt } from './stats';

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const COLORS = [
  '#2f6fb0',
  '#c0504d',
  '#7fb77e',
  '#e0a040',
  '#8064a2',
  '#4bacc6',
  '#f79646',
  '#555',
];

function stepText(series: Series, step: number): string {
  return series.logX ? step.toLocaleString('en-US') : String(step);
}

/** The series as a markdown table: one row per step, one column per line. */
export function seriesTable(series: Series): string[] {
  const rows = [
    `**${series.title}** (${series.unit})`,
    '',
    `| ${series.x} | ${series.lines.map((l) => l.name).join(' | ')} |`,
    `|---|${series.lines.map(() => '---|').join('')}`,
  ];
  series.steps.forEach((step, i) => {
    const values = series.lines.map((l) => {
      const v = l.values[i];
      return v === null || v === undefined ? '' : fmt(v);
    });
    rows.push(`| ${stepText(series, step)} | ${values.join(' | ')} |`);
  });
  return rows;
}

/** An SVG line chart of the series (y from 0, x linear or log), with a legend. */
export function linePanel(title: string, series: Series): string {
  const width = 1200;
  const height = 340;
  const left = 80;
  const right = 300;
  const top = 40;
  const bottom = 40;
  const values = series.lines.flatMap((l) => l.values).filter((v): v is number => v !== null);
  if (values.length === 0 || series.steps.length === 0) return '';
  const yMax = niceCeiling(Math.max(...values));
  const xs = series.steps.map((s) => (series.logX ? Math.log10(Math.max(s, 1)) : s));
  const xLo = Math.min(...xs);
  const xHi = Math.max(...xs) === xLo ? xLo + 1 : Math.max(...xs);
  const px = (i: number) => left + ((xs[i]! - xLo) / (xHi - xLo)) * (width - left - right);
  const py = (v: number) => top + (1 - v / yMax) * (height - top - bottom);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="DejaVu Sans, Arial, sans-serif" font-size="12">`,
    `<text x="10" y="22" font-size="16" font-weight="bold">${escapeXml(title)}</text>`,
    `<text x="${width - 10}" y="22" text-anchor="end" fill="#555">${escapeXml(series.unit)}</text>`,
  ];
  for (let k = 0; k <= 4; k++) {
    const v = (yMax * k) / 4;
    parts.push(
      `<line x1="${left}" x2="${width - right}" y1="${py(v)}" y2="${py(v)}" stroke="#ddd"/>`,
      `<text x="${left - 6}" y="${py(v) + 4}" text-anchor="end" fill="#555">${fmt(v, yMax >= 10 ? 0 : 2)}</text>`,
    );
  }
  series.steps.forEach((step, i) =>
    parts.push(
      `<text x="${px(i)}" y="${height - 18}" text-anchor="middle" fill="#555">${escapeXml(stepText(series, step))}</text>`,
    ),
  );
  parts.push(
    `<text x="${(left + width - right) / 2}" y="${height - 2}" text-anchor="middle" fill="#555">${escapeXml(series.x)}</text>`,
  );
  series.lines.forEach((line, n) => {
    const color = COLORS[n % COLORS.length]!;
    const points = line.values
      .map((v, i) => (v === null ? null : `${px(i)},${py(v)}`))
      .filter((p): p is string => p !== null);
    parts.push(
      `<polyline fill="none" stroke="${color}" stroke-width="2" points="${points.join(' ')}"/>`,
      ...points.map((p) => {
        const [cx, cy] = p.split(',');
        return `<circle cx="${cx}" cy="${cy}" r="3" fill="${color}"/>`;
      }),
      `<rect x="${width - right + 16}" y="${top + n * 18}" width="12" height="12" fill="${color}"/>`,
      `<text x="${width - right + 34}" y="${top + n * 18 + 11}">${escapeXml(line.name.length > 40 ? `${line.name.slice(0, 37)}...` : line.name)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}

/** 1, 2 or 5 times a power of ten, at or above `v`. */
function niceCeiling(v: number): number {
  if (v <= 0) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}
