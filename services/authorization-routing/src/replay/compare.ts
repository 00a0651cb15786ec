import type { PaRoutingDecision } from '@careflow/contracts';

/** The part of a decision a replay compares. */
export type DecisionSummary = Pick<
  PaRoutingDecision,
  'outcome' | 'vendor' | 'submissionChannel' | 'ruleTrace' | 'policyVersion'
>;

export interface DecisionPair {
  readonly requestId: string;
  readonly memberId: string;
  readonly before: DecisionSummary;
  readonly after: DecisionSummary;
}

export interface DecisionChange {
  readonly requestId: string;
  readonly memberId: string;
  /** Which of outcome, vendor and submissionChannel differ. */
  readonly changed: readonly ('outcome' | 'vendor' | 'submissionChannel')[];
  readonly before: Side;
  readonly after: Side;
}

interface Side {
  readonly outcome: PaRoutingDecision['outcome'];
  readonly vendorId: string | null;
  readonly submissionChannel: string | null;
  readonly ruleTrace: readonly string[];
  readonly policyVersion: string;
}

export interface ReplayReport {
  readonly compared: number;
  readonly changedCount: number;
  /** Changes by kind of transition, e.g. "routed aim-specialty-health → routed bcbsm-bcn-pharmacy". */
  readonly transitions: Readonly<Record<string, number>>;
  readonly changes: readonly DecisionChange[];
}

function side(d: DecisionSummary): Side {
  return {
    outcome: d.outcome,
    vendorId: d.vendor?.id ?? null,
    submissionChannel: d.submissionChannel,
    ruleTrace: [...d.ruleTrace],
    policyVersion: d.policyVersion,
  };
}

function label(s: Side): string {
  return [s.outcome, s.vendorId, s.submissionChannel].filter((x) => x !== null).join(' ');
}

/**
 * Which decisions would change under another policy version: a change is a different outcome,
 * vendor or submission channel (wording, resources and rule ids alone are not changes, but the
 * rule ids of both sides are shown). Pure.
 */
export function compareDecisions(pairs: readonly DecisionPair[]): ReplayReport {
  const changes: DecisionChange[] = [];
  const transitions: Record<string, number> = {};
  for (const pair of pairs) {
    const before = side(pair.before);
    const after = side(pair.after);
    const changed: DecisionChange['changed'][number][] = [];
    if (before.outcome !== after.outcome) changed.push('outcome');
    if (before.vendorId !== after.vendorId) changed.push('vendor');
    if (before.submissionChannel !== after.submissionChannel) changed.push('submissionChannel');
    if (changed.length === 0) continue;
    changes.push({ requestId: pair.requestId, memberId: pair.memberId, changed, before, after });
    const key = `${label(before)} → ${label(after)}`;
    transitions[key] = (transitions[key] ?? 0) + 1;
  }
  return { compared: pairs.length, changedCount: changes.length, transitions, changes };
}

/** One report of several (pages of a replay). Pure. */
export function mergeReports(reports: readonly ReplayReport[]): ReplayReport {
  const transitions: Record<string, number> = {};
  for (const r of reports)
    for (const [k, n] of Object.entries(r.transitions)) transitions[k] = (transitions[k] ?? 0) + n;
  return {
    compared: reports.reduce((n, r) => n + r.compared, 0),
    changedCount: reports.reduce((n, r) => n + r.changedCount, 0),
    transitions,
    changes: reports.flatMap((r) => r.changes),
  };
}

/** The report as text for a terminal. Member ids are left out; request ids identify the cases. */
export function formatReport(
  report: ReplayReport,
  context: { policyVersion: string; from: string; to: string },
): string {
  const lines = [
    `Replay of policy ${context.policyVersion} over PA requests received ${context.from} to ${context.to}`,
    `Compared: ${report.compared}  Would change: ${report.changedCount}`,
  ];
  const kinds = Object.entries(report.transitions).sort((a, b) => b[1] - a[1]);
  if (kinds.length > 0) {
    lines.push('', 'By transition:');
    for (const [kind, n] of kinds) lines.push(`  ${String(n).padStart(6)}  ${kind}`);
  }
  if (report.changes.length > 0) {
    lines.push('', 'Changes:');
    for (const c of report.changes) {
      lines.push(
        `  ${c.requestId}: ${label(c.before)} → ${label(c.after)}`,
        `      rules: [${c.before.ruleTrace.join(', ')}] (${c.before.policyVersion}) → [${c.after.ruleTrace.join(', ')}] (${c.after.policyVersion})`,
      );
    }
  }
  return lines.join('\n');
}
