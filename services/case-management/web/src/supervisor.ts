// The supervisor view of the workspace: caseload and overdue assessments per case manager, the
// unassigned queue with assignment, identifications per week and per criterion, the latest
// monthly review. Reads GET /workspace/supervisor, /case-managers/unassigned-cases and
// /reviews/monthly; assigns with POST /case-managers/{id}/cases (the assignment use case, audited).
import type { CareflowSession } from './sign-in.js';
import { json, type CaseloadPage } from './workspace-api.js';

interface Caseload {
  readonly caseManagerId: string;
  readonly name: string;
  readonly capacity: number;
  readonly active: boolean;
  readonly openCases: number;
  readonly overdueAssessments: number;
}
interface Overview {
  readonly caseloads: readonly Caseload[];
  readonly unassignedOpenCases: number;
  readonly identificationsPerWeek: readonly { weekStart: string; opened: number }[];
  readonly identificationsPerCriterion: readonly { criterion: string; opened: number }[];
}
interface QueuedCase {
  readonly caseId: string;
  readonly memberId: string;
  readonly criteriaMet: readonly string[];
  readonly openedAt: string;
  readonly assessmentOverdue: boolean;
}
interface ReviewSummary {
  readonly month: string;
  readonly status: string;
  readonly asOf: string;
  readonly completedAt: string | null;
  readonly membersScanned: number;
  readonly counts: { new: number; stillEligible: number; noLongerEligible: number };
  readonly casesOpened: number;
}

const QUEUE_PAGE = 25;
const REFRESH_DELAY_MS = 300;

function byId<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`the page has no #${id}`);
  return found as T;
}

function cells(row: HTMLTableRowElement, ...texts: (string | number)[]): HTMLTableRowElement {
  for (const text of texts) {
    const cell = document.createElement('td');
    cell.textContent = String(text);
    row.append(cell);
  }
  return row;
}

function rowHeaded(header: string): HTMLTableRowElement {
  const row = document.createElement('tr');
  const th = document.createElement('th');
  th.scope = 'row';
  th.textContent = header;
  row.append(th);
  return row;
}

const words = (id: string): string => id.replace(/-/g, ' ');

function options(select: HTMLSelectElement, caseloads: readonly Caseload[]): void {
  const kept = select.value;
  select.replaceChildren(
    ...caseloads
      .filter((c) => c.active)
      .map((c) => {
        const option = document.createElement('option');
        option.value = c.caseManagerId;
        option.textContent = `${c.name} (${c.openCases}/${c.capacity})`;
        return option;
      }),
  );
  if (kept) select.value = kept;
}

/** Shows the supervisor view and answers `refresh`, which the live stream calls on a change. */
export function showSupervisor(session: CareflowSession): { refresh(): void } {
  const status = byId('supervisor-status');
  let caseloads: readonly Caseload[] = [];
  let queueOffset = 0;
  let shownCaseManager: string | null = null;
  let timer: number | undefined;

  const assign = async (caseId: string, caseManagerId: string): Promise<void> => {
    await json(
      session.api(`/case-managers/${encodeURIComponent(caseManagerId)}/cases`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ caseId }),
      }),
    );
    const to = caseloads.find((c) => c.caseManagerId === caseManagerId)?.name ?? caseManagerId;
    byId('assign-status').textContent = `Case ${caseId} assigned to ${to}.`;
    await load();
  };
  const failed = (error: Error): void => {
    byId('assign-status').textContent = `Not assigned: ${error.message}`;
  };

  /** A case's row: its id, what describes it, and a case manager to (re)assign it to. */
  function assignableRow(caseId: string, verb: string, ...texts: string[]): HTMLTableRowElement {
    const row = cells(rowHeaded(caseId), ...texts);
    row.dataset['caseId'] = caseId;
    const cell = document.createElement('td');
    const select = document.createElement('select');
    select.setAttribute('aria-label', `Case manager for case ${caseId}`);
    options(select, caseloads);
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = verb;
    button.setAttribute('aria-label', `${verb} case ${caseId}`);
    button.addEventListener('click', () => {
      assign(caseId, select.value).catch(failed);
    });
    cell.append(select, button);
    row.append(cell);
    return row;
  }

  const queueRow = (c: QueuedCase): HTMLTableRowElement =>
    assignableRow(
      c.caseId,
      'Assign',
      c.memberId,
      new Date(c.openedAt).toLocaleDateString(),
      c.criteriaMet.map(words).join(', ') || 'referral',
    );

  /** One case manager's open cases (the caseload API, audited), to reassign from. */
  async function showCasesOf(caseManagerId: string): Promise<void> {
    shownCaseManager = caseManagerId;
    const page = await json<CaseloadPage>(
      session.api(
        `/workspace/caseload?caseManagerId=${encodeURIComponent(caseManagerId)}&limit=${QUEUE_PAGE}&offset=0`,
      ),
    );
    const name = caseloads.find((c) => c.caseManagerId === caseManagerId)?.name ?? caseManagerId;
    byId('cm-cases-heading').textContent = `Open cases of ${name}`;
    byId('cm-cases-count').textContent =
      page.total > page.members.length
        ? `The ${page.members.length} of ${page.total} open cases at the highest risk.`
        : `${page.total} open case(s), highest risk first.`;
    byId('cm-cases-rows').replaceChildren(
      ...page.members.map((m) =>
        assignableRow(
          m.caseId,
          'Reassign',
          m.memberId,
          words(m.status),
          new Date(m.due.assessmentDueAt).toLocaleDateString() +
            (m.due.assessmentOverdue ? ' (overdue)' : ''),
        ),
      ),
    );
    byId('cm-cases').hidden = false;
  }

  function caseloadRow(c: Caseload): HTMLTableRowElement {
    const row = cells(
      rowHeaded(c.name),
      c.openCases,
      c.capacity,
      c.overdueAssessments,
      c.active ? 'active' : 'inactive',
    );
    const cell = document.createElement('td');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'link';
    button.textContent = `Show cases of ${c.name}`;
    button.addEventListener('click', () => {
      showCasesOf(c.caseManagerId).catch((error: Error) => (status.textContent = error.message));
    });
    cell.append(button);
    row.append(cell);
    return row;
  }

  async function load(): Promise<void> {
    const [overview, queue, reviews] = await Promise.all([
      json<Overview>(session.api('/workspace/supervisor')),
      json<{ cases: QueuedCase[]; nextOffset: number | null }>(
        session.api(`/case-managers/unassigned-cases?limit=${QUEUE_PAGE}&offset=${queueOffset}`),
      ),
      json<{ reviews: ReviewSummary[] }>(session.api('/reviews/monthly?limit=1')),
    ]);
    caseloads = overview.caseloads;
    byId('caseloads-rows').replaceChildren(...caseloads.map(caseloadRow));
    if (shownCaseManager) await showCasesOf(shownCaseManager);
    const overdue = caseloads.reduce((n, c) => n + c.overdueAssessments, 0);
    byId('overdue-total').textContent =
      `${overdue} open case(s) with an overdue assessment; ${overview.unassignedOpenCases} open case(s) without a case manager.`;
    byId('queue-rows').replaceChildren(...queue.cases.map(queueRow));
    byId('queue-table').hidden = queue.cases.length === 0;
    byId<HTMLButtonElement>('queue-previous').disabled = queueOffset === 0;
    byId<HTMLButtonElement>('queue-next').disabled = queue.nextOffset === null;
    byId('queue-pager').hidden = queueOffset === 0 && queue.nextOffset === null;
    byId('queue-count').textContent =
      queue.cases.length === 0
        ? 'No case is waiting for a case manager.'
        : `Cases ${queueOffset + 1} to ${queueOffset + queue.cases.length}, oldest first.`;
    options(byId<HTMLSelectElement>('assign-manager'), caseloads);
    byId('weekly-rows').replaceChildren(
      ...overview.identificationsPerWeek.map((w) => cells(rowHeaded(w.weekStart), w.opened)),
    );
    byId('criterion-rows').replaceChildren(
      ...overview.identificationsPerCriterion.map((c) =>
        cells(rowHeaded(words(c.criterion)), c.opened),
      ),
    );
    showReview(reviews.reviews[0]);
    status.textContent = `Updated ${new Date().toLocaleTimeString()}.`;
  }

  const refresh = (): void => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => {
      load().catch((error: Error) => (status.textContent = error.message));
    }, REFRESH_DELAY_MS);
  };

  byId<HTMLFormElement>('assign-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const caseId = byId<HTMLInputElement>('assign-case').value.trim();
    assign(caseId, byId<HTMLSelectElement>('assign-manager').value).catch(failed);
  });
  byId('queue-previous').addEventListener('click', () => {
    queueOffset = Math.max(0, queueOffset - QUEUE_PAGE);
    refresh();
  });
  byId('queue-next').addEventListener('click', () => {
    queueOffset += QUEUE_PAGE;
    refresh();
  });
  byId('supervisor').hidden = false;
  refresh();
  return { refresh };
}

function showReview(review: ReviewSummary | undefined): void {
  const list = byId('review');
  if (!review) {
    list.replaceChildren();
    byId('review-none').hidden = false;
    return;
  }
  byId('review-none').hidden = true;
  const entries: [string, string][] = [
    ['Month', review.month],
    ['Status', words(review.status)],
    ['As of', review.asOf],
    ['Members scanned', String(review.membersScanned)],
    ['Newly eligible', String(review.counts.new)],
    ['Still eligible', String(review.counts.stillEligible)],
    ['No longer eligible', String(review.counts.noLongerEligible)],
    ['Cases opened', String(review.casesOpened)],
  ];
  list.replaceChildren(
    ...entries.flatMap(([term, value]) => {
      const dt = document.createElement('dt');
      dt.textContent = term;
      const dd = document.createElement('dd');
      dd.textContent = value;
      return [dt, dd];
    }),
  );
}
