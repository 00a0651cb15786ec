// The case managers' workspace: my caseload by risk, a case's timeline, logging an outreach
// attempt; the case's other actions are case-actions.ts. Typed, no framework: compiled by tsc to a browser module; the shared sign-in script
// (sign-in.js) loads first and keeps the access token.
import { actionStepText, mountCaseActions, type OpenCase } from './case-actions.js';
import type { CareflowSession } from './sign-in.js';
import {
  OUTREACH_CHANNELS,
  OUTREACH_OUTCOMES,
  workspaceApi,
  type CaseloadMember,
  type Timeline,
  type TimelineStep,
} from './workspace-api.js';
import { startLive, type LiveHandlers } from './live.js';
import { showSupervisor } from './supervisor.js';

const session: CareflowSession = window.careflowSession;
const api = workspaceApi(session);
let openedCase: OpenCase | null = null;
const actions = mountCaseActions({
  session,
  refresh: async (c) => {
    await showTimeline(c);
    await loadCaseload();
  },
});

function byId<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`the page has no #${id}`);
  return found as T;
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text?: string,
  className?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

const day = (iso: string): string => new Date(iso).toLocaleDateString();
const when = (iso: string): string => new Date(iso).toLocaleString();
const words = (id: string): string => id.replace(/-/g, ' ');

function showError(message: string): void {
  byId('workspace-error').textContent = message;
}

function riskCell(m: CaseloadMember): HTMLElement {
  const cell = el('td');
  cell.append(el('strong', String(m.risk.total), 'risk-total'));
  const details = el('details');
  details.append(el('summary', 'Evidence'));
  const list = el('ul');
  for (const c of m.risk.charlson.conditions) {
    const codes = c.evidence.map((e) => `${e.code} on ${e.date}`).join(', ');
    const superseded = c.supersededBy ? ` (superseded by ${words(c.supersededBy)})` : '';
    list.append(el('li', `${c.label}: ${c.points} point(s)${superseded}; ${codes}`));
  }
  const admissions = m.risk.admissions;
  list.append(el('li', `Admissions: ${admissions.count}, ${admissions.points} point(s)`));
  details.append(el('p', m.risk.summary), list);
  cell.append(details);
  return cell;
}

function caseloadRow(m: CaseloadMember): HTMLTableRowElement {
  const row = el('tr');
  row.dataset['caseId'] = m.caseId;
  const member = el('th');
  member.scope = 'row';
  const open = el('button', `Open case ${m.caseId}`, 'link');
  open.type = 'button';
  open.addEventListener('click', () => void openCase({ caseId: m.caseId, memberId: m.memberId }));
  if (m.name !== null) member.append(el('span', `${m.name}, ${m.age ?? '?'} `));
  member.append(el('span', m.memberId, 'member-id'), open);
  const due = el(
    'td',
    m.due.assessmentPending ? `assessment ${day(m.due.assessmentDueAt)}` : 'assessment done',
  );
  if (m.due.assessmentOverdue) due.append(el('span', ' overdue', 'badge overdue'));
  if (m.due.callsDue > 0) due.append(el('span', ` ${m.due.callsDue} PCP call(s) due`, 'badge'));
  if (m.due.lettersFailed > 0)
    due.append(el('span', ` ${m.due.lettersFailed} letter(s) failed`, 'badge overdue'));
  row.append(
    member,
    riskCell(m),
    el('td', m.criteriaMet.map(words).join(', ') || 'referral'),
    el('td', m.plan ? words(m.plan.lineOfBusiness) : 'no coverage today'),
    el('td', m.pcp ? m.pcp.name : 'none on file'),
    due,
  );
  return row;
}

async function loadCaseload(): Promise<void> {
  const rows = byId<HTMLTableSectionElement>('caseload-rows');
  const members: CaseloadMember[] = [];
  let offset: number | null = 0;
  while (offset !== null) {
    const page = await api.caseload(offset);
    members.push(...page.members);
    offset = page.nextOffset;
  }
  rows.replaceChildren(...members.map(caseloadRow));
  byId('caseload-count').textContent = `${members.length} open case(s), highest risk first`;
}

function stepText(s: TimelineStep): string {
  const action = actionStepText(s);
  if (action !== null) return action;
  if (s.kind === 'outreach-attempt') {
    return `Outreach attempt by ${String(s.detail['channel'])}: ${words(String(s.detail['outcome']))}`;
  }
  return `${words(s.kind)}${s.toStatus ? ` → ${words(s.toStatus)}` : ''}`;
}

function renderTimeline(timeline: Timeline): void {
  byId<HTMLOListElement>('timeline').replaceChildren(
    ...timeline.steps.map((s) => {
      const item = el('li');
      item.dataset['kind'] = s.kind;
      const time = el('time', when(s.at));
      time.dateTime = s.at;
      item.append(time, el('span', ` ${stepText(s)} (${s.actor.name})`));
      const letter = s.detail['notificationId'];
      if (typeof letter === 'string') {
        const open = el('button', 'Open letter (PDF)', 'link');
        open.type = 'button';
        open.addEventListener('click', () => void actions.openLetter(letter));
        item.append(' ', open);
      }
      return item;
    }),
  );
}

/** The case's timeline with pcp-notification's letters and calls merged in, oldest first. */
async function showTimeline(c: OpenCase): Promise<void> {
  const [timeline, extra] = await Promise.all([api.timeline(c.caseId), actions.extraSteps(c)]);
  const steps = [...timeline.steps, ...extra].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  renderTimeline({ ...timeline, steps });
}

async function openCase(c: OpenCase): Promise<void> {
  const caseId = c.caseId;
  openedCase = c;
  showError('');
  byId('outreach-status').textContent = '';
  const view = byId('case');
  byId('case-title').textContent = `Case ${caseId}`;
  view.hidden = false;
  actions.open(c);
  await showTimeline(c);
  // Keyboard and screen-reader users land on what they opened.
  byId('case-title').focus();
}

async function logOutreach(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  if (!openedCase) return;
  const channel = byId<HTMLSelectElement>('outreach-channel').value;
  const outcome = byId<HTMLSelectElement>('outreach-outcome').value;
  const record = await api.logOutreach(openedCase.caseId, channel, outcome);
  await showTimeline(openedCase);
  byId('outreach-status').textContent =
    `Attempt logged. ${record.unableToReachAllowed ? '"Unable to reach" may now be recorded.' : `${record.required} unanswered attempts allow "unable to reach".`}`;
}

function fillOptions(id: string, values: readonly string[]): void {
  byId<HTMLSelectElement>(id).replaceChildren(
    ...values.map((v) => {
      const option = el('option', words(v));
      option.value = v;
      return option;
    }),
  );
}

function showSignIn(message: string): void {
  byId('sign-in').hidden = false;
  byId('workspace').hidden = true;
  byId('sign-out').hidden = true;
  byId('who').textContent = '';
  byId('sign-in-error').textContent = message;
}

/** Reloads the open case's timeline; a case no longer visible (reassigned) is closed. */
function reloadOpenCase(): void {
  const c = openedCase;
  if (!c) return;
  showTimeline(c).catch(() => caseLeft(c.caseId));
}

function caseLeft(caseId: string): void {
  byId('caseload-rows')
    .querySelector(`tr[data-case-id="${CSS.escape(caseId)}"]`)
    ?.remove();
  if (openedCase?.caseId !== caseId) return;
  openedCase = null;
  byId('case').hidden = true;
  byId('caseload-count').textContent = `Case ${caseId} is no longer in your caseload.`;
}

/** A case manager's page live: a change reloads the caseload (once per burst) and the open case. */
function caseManagerLive(): LiveHandlers {
  let timer: number | undefined;
  const reload = (): void => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => {
      loadCaseload().catch((error: Error) => showError(error.message));
    }, 300);
  };
  return {
    onCase: (change) => {
      reload();
      if (change.caseId === openedCase?.caseId) reloadOpenCase();
    },
    onCaseLeft: caseLeft,
    onCatchUp: () => {
      reload();
      reloadOpenCase();
    },
  };
}

function showWorkspace(): void {
  const claims = session.claims();
  byId('sign-in').hidden = true;
  byId('workspace').hidden = false;
  byId('sign-out').hidden = false;
  byId('who').textContent = claims ? `${claims.name ?? claims.sub}` : '';
  session.resume();
  actions.configure().catch((error: Error) => showError(error.message));
  const supervises = (claims?.roles ?? []).some((r) => r === 'supervisor' || r === 'admin');
  byId('my-caseload').hidden = supervises;
  byId('live-status').hidden = false;
  if (supervises) {
    const view = showSupervisor(session);
    startLive(session, byId('live-status'), {
      onCase: view.refresh,
      onCaseLeft: view.refresh,
      onCatchUp: view.refresh,
    });
  } else {
    const live = caseManagerLive();
    live.onCatchUp();
    startLive(session, byId('live-status'), live);
  }
}

fillOptions('outreach-channel', OUTREACH_CHANNELS);
fillOptions('outreach-outcome', OUTREACH_OUTCOMES);
session.onSignedOut(showSignIn);
byId('sign-in-button').addEventListener('click', () => {
  session.signIn().catch((error: Error) => showSignIn(error.message));
});
byId('sign-out').addEventListener('click', () => session.signOut());
byId<HTMLFormElement>('outreach-form').addEventListener('submit', (event) => {
  logOutreach(event).catch((error: Error) => showError(error.message));
});
session.load().then(
  (signedIn) => (signedIn ? showWorkspace() : showSignIn('')),
  (error: Error) => showSignIn(error.message),
);
