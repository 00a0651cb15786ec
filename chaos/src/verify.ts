import { topics } from '@careflow/contracts';
import type { ReadRecord } from './kafka-tools';
import type { Workload } from './workload';

/** One line of the report: what was expected and what came out. */
export interface Figure {
  expected: number;
  produced: number;
  lost: number;
  /** The same business effect twice (different CloudEvent ids). */
  duplicated: number;
  /** The same CloudEvent id twice on the topic (harmless if consumers dedupe; reported apart). */
  rawDuplicates: number;
  outOfOrder: number;
  /** Present but not what the rules say (wrong outcome, final state). */
  wrong: number;
  /** Effects nobody asked for (a case for a member who meets no criteria). */
  unexpected: number;
  examples: string[];
}

const figure = (): Figure => ({
  expected: 0,
  produced: 0,
  lost: 0,
  duplicated: 0,
  rawDuplicates: 0,
  outOfOrder: 0,
  wrong: 0,
  unexpected: 0,
  examples: [],
});

function note(f: Figure, text: string): void {
  if (f.examples.length < 5) f.examples.push(text);
}

/** Records of a topic, without repeated CloudEvent ids (counted as raw duplicates). */
function distinctEvents(
  records: readonly ReadRecord[],
  topic: string,
  f: Figure,
  runId: string,
): { id: string; data: Record<string, unknown>; partition: number; offset: number }[] {
  const seen = new Set<string>();
  const out: { id: string; data: Record<string, unknown>; partition: number; offset: number }[] =
    [];
  for (const r of records) {
    if (r.topic !== topic) continue;
    if (!r.key?.startsWith(runId)) continue;
    const id = r.headers['ce_id'] ?? `${r.partition}:${r.offset}`;
    if (seen.has(id)) {
      f.rawDuplicates += 1;
      continue;
    }
    seen.add(id);
    out.push({
      id,
      data: (r.value ?? {}) as Record<string, unknown>,
      partition: r.partition,
      offset: r.offset,
    });
  }
  return out;
}

const CASE_TRANSITIONS: Record<string, readonly string[]> = {
  identified: [
    'assessment-pending',
    'enrolled',
    'declined',
    'unable-to-reach',
    'not-eligible',
    'closed',
  ],
  'assessment-pending': ['enrolled', 'declined', 'unable-to-reach', 'not-eligible', 'closed'],
  enrolled: ['closed', 'not-eligible'],
  declined: ['closed'],
  'unable-to-reach': ['closed', 'enrolled', 'declined'],
  'not-eligible': ['closed'],
  closed: [],
};

export interface Verification {
  decisions: Figure;
  memberCoverage: Figure;
  evaluations: Figure;
  cases: Figure;
  notices: Figure;
  /** Records dead-lettered during the chaos run (valid traffic only: expected 0). */
  deadLettered: number;
  enrolledCases: Map<string, string>;
  letterUrls: string[];
}

export function verify(
  workload: Workload,
  records: readonly ReadRecord[],
  assessed: ReadonlyMap<string, string>,
): Verification {
  const run = workload.runId;

  // Decisions: exactly one first decision per requestId; the latest has the outcome the policy gives.
  const decisions = figure();
  decisions.expected = workload.pa.size;
  const byRequest = new Map<string, Record<string, unknown>[]>();
  for (const e of distinctEvents(records, topics.paRoutingDecisions.name, decisions, run)) {
    const id = String(e.data['requestId']);
    const list = byRequest.get(id);
    if (list) list.push(e.data);
    else byRequest.set(id, [e.data]);
  }
  decisions.produced = byRequest.size;
  for (const [requestId, expected] of workload.pa) {
    const got = byRequest.get(requestId);
    if (!got) {
      decisions.lost += 1;
      note(decisions, `lost decision ${requestId}`);
      continue;
    }
    // A re-decision after a retroactive coverage change names the decision it supersedes: only
    // first decisions (supersedes null) can be duplicates, and the latest one must be right.
    const firsts = got.filter((x) => x['supersedes'] == null).length;
    decisions.duplicated += Math.max(0, firsts - 1);
    if (firsts > 1) note(decisions, `${firsts} first decisions for ${requestId}`);
    const d = got[got.length - 1]!;
    const vendor = (d['vendor'] as { id?: string } | null)?.id ?? null;
    if (d['outcome'] !== expected.outcome || vendor !== expected.vendorId) {
      decisions.wrong += 1;
      note(
        decisions,
        `${requestId}: got ${String(d['outcome'])}/${vendor}, expected ${expected.outcome}/${expected.vendorId}`,
      );
    }
  }
  for (const id of byRequest.keys()) if (!workload.pa.has(id)) decisions.unexpected += 1;

  // Member-coverage snapshots: versions strictly increasing per member, one record per version,
  // the last one holding every span published.
  const memberCoverage = figure();
  memberCoverage.expected = workload.members.length;
  const snapshots = new Map<string, { version: number; starts: string[] }[]>();
  for (const e of distinctEvents(records, topics.memberCoverage.name, memberCoverage, run)) {
    const memberId = String(e.data['memberId']);
    const spans = (e.data['spans'] as { effectiveDate: string }[] | undefined) ?? [];
    const list = snapshots.get(memberId) ?? [];
    list.push({ version: Number(e.data['version']), starts: spans.map((s) => s.effectiveDate) });
    snapshots.set(memberId, list);
  }
  memberCoverage.produced = [...snapshots.values()].reduce((n, l) => n + l.length, 0);
  for (const m of workload.members) {
    const list = snapshots.get(m.memberId);
    if (!list) {
      memberCoverage.lost += 1;
      note(memberCoverage, `no snapshot for ${m.memberId}`);
      continue;
    }
    const versions = new Set<number>();
    for (let i = 0; i < list.length; i++) {
      const v = list[i]!.version;
      if (versions.has(v)) {
        memberCoverage.duplicated += 1;
        note(memberCoverage, `${m.memberId} version ${v} twice`);
      }
      versions.add(v);
      if (i > 0 && v <= list[i - 1]!.version) {
        memberCoverage.outOfOrder += 1;
        note(memberCoverage, `${m.memberId}: version ${v} after ${list[i - 1]!.version}`);
      }
    }
    const last = list[list.length - 1]!;
    if ([...last.starts].sort().join(',') !== [...m.finalSpanStarts].sort().join(',')) {
      memberCoverage.lost += 1;
      note(
        memberCoverage,
        `${m.memberId}: final spans ${last.starts.join(',')} expected ${m.finalSpanStarts.join(',')}`,
      );
    }
  }

  // Evaluations: the last evaluation of each member says what the criteria library says.
  const evaluations = figure();
  const evals = new Map<string, { criteria: string; eligible: boolean; trigger: string }[]>();
  for (const e of distinctEvents(records, topics.ccmEvaluations.name, evaluations, run)) {
    const memberId = String(e.data['memberId']);
    const list = evals.get(memberId) ?? [];
    list.push({
      criteria: [...((e.data['criteriaMet'] as string[] | undefined) ?? [])].sort().join(','),
      eligible: e.data['eligible'] === true,
      trigger: String((e.data['trigger'] as { eventId?: string } | undefined)?.eventId ?? ''),
    });
    evals.set(memberId, list);
  }
  evaluations.produced = [...evals.values()].reduce((n, l) => n + l.length, 0);
  for (const m of workload.members) {
    const list = evals.get(m.memberId) ?? [];
    const wanted = [...m.expectedCriteria].sort().join(',');
    const mustHave = m.expectedCriteria.length > 0;
    if (mustHave) evaluations.expected += 1;
    const triggers = new Set<string>();
    for (const ev of list) {
      if (ev.trigger && triggers.has(ev.trigger)) {
        evaluations.duplicated += 1;
        note(evaluations, `${m.memberId}: two evaluations for trigger ${ev.trigger}`);
      }
      triggers.add(ev.trigger);
    }
    const last = list[list.length - 1];
    if (!last) {
      if (mustHave) {
        evaluations.lost += 1;
        note(evaluations, `no evaluation for ${m.memberId} (expected ${wanted})`);
      }
      continue;
    }
    if (last.criteria !== wanted || last.eligible !== m.expectedCase) {
      if (mustHave && !list.some((ev) => ev.criteria === wanted)) evaluations.lost += 1;
      else evaluations.wrong += 1;
      note(
        evaluations,
        `${m.memberId}: last evaluation ${last.criteria}/${last.eligible}, expected ${wanted}/${m.expectedCase}`,
      );
    }
  }

  // Cases: one per member who meets criteria with coverage today, statuses in a valid order.
  const cases = figure();
  const caseEvents = new Map<string, { memberId: string; statuses: string[] }>();
  for (const e of distinctEvents(records, topics.ccmCases.name, cases, run)) {
    const caseId = String(e.data['caseId']);
    const c = caseEvents.get(caseId) ?? { memberId: String(e.data['memberId']), statuses: [] };
    c.statuses.push(String(e.data['status']));
    caseEvents.set(caseId, c);
  }
  const casesByMember = new Map<string, string[]>();
  for (const [caseId, c] of caseEvents)
    casesByMember.set(c.memberId, [...(casesByMember.get(c.memberId) ?? []), caseId]);
  cases.produced = caseEvents.size;
  const enrolledCases = new Map<string, string>();
  for (const m of workload.members) {
    const ids = casesByMember.get(m.memberId) ?? [];
    if (m.expectedCase) cases.expected += 1;
    if (ids.length === 0) {
      if (m.expectedCase) {
        cases.lost += 1;
        note(cases, `no case for ${m.memberId}`);
      }
      continue;
    }
    if (!m.expectedCase) {
      cases.unexpected += ids.length;
      note(cases, `case ${ids[0]} for ${m.memberId}, who should have none`);
      continue;
    }
    if (ids.length > 1) {
      cases.duplicated += ids.length - 1;
      note(cases, `${ids.length} cases for ${m.memberId}`);
    }
    for (const caseId of ids) {
      const statuses = caseEvents.get(caseId)!.statuses;
      if (statuses[0] !== 'identified') {
        cases.outOfOrder += 1;
        note(cases, `${caseId} starts ${statuses[0]}`);
      }
      for (let i = 1; i < statuses.length; i++) {
        const from = statuses[i - 1]!;
        const to = statuses[i]!;
        if (from === to) {
          cases.duplicated += 1;
          note(cases, `${caseId}: ${to} twice`);
        } else if (!(CASE_TRANSITIONS[from] ?? []).includes(to)) {
          cases.outOfOrder += 1;
          note(cases, `${caseId}: ${from} -> ${to}`);
        }
      }
      const final = statuses[statuses.length - 1]!;
      const wantedFinal = assessed.get(caseId);
      if (wantedFinal && final !== wantedFinal) {
        cases.wrong += 1;
        note(cases, `${caseId}: final ${final}, assessment recorded ${wantedFinal}`);
      }
      if (final === 'enrolled') enrolledCases.set(caseId, m.memberId);
    }
  }

  // Notices: one enrollment notice (with its letter) per enrolled case.
  const notices = figure();
  notices.expected = [...assessed.values()].filter((s) => s === 'enrolled').length;
  const noticesByCase = new Map<string, { notificationId: string; letterUrl: string | null }[]>();
  for (const e of distinctEvents(records, topics.pcpNotifications.name, notices, run)) {
    if (e.data['kind'] !== 'enrollment-notice') continue;
    const caseId = String(e.data['caseId']);
    const list = noticesByCase.get(caseId) ?? [];
    list.push({
      notificationId: String(e.data['notificationId']),
      letterUrl: (e.data['letterUrl'] as string | null) ?? null,
    });
    noticesByCase.set(caseId, list);
  }
  notices.produced = noticesByCase.size;
  const letterUrls: string[] = [];
  for (const [caseId, outcome] of assessed) {
    if (outcome !== 'enrolled') {
      if (noticesByCase.has(caseId)) notices.unexpected += 1;
      continue;
    }
    const list = noticesByCase.get(caseId);
    if (!list) {
      notices.lost += 1;
      note(notices, `no enrollment notice for ${caseId}`);
      continue;
    }
    const distinct = new Set(list.map((n) => n.notificationId));
    notices.duplicated += distinct.size - 1;
    if (distinct.size > 1) note(notices, `${distinct.size} enrollment notices for ${caseId}`);
    if (!list[0]!.letterUrl) {
      notices.wrong += 1;
      note(notices, `enrollment notice of ${caseId} has no letter`);
    } else letterUrls.push(list[0]!.letterUrl);
  }

  const deadLettered = records.filter((r) => r.topic.endsWith('.dlq')).length;
  return {
    decisions,
    memberCoverage,
    evaluations,
    cases,
    notices,
    deadLettered,
    enrolledCases,
    letterUrls,
  };
}
