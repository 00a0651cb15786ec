// The actions on an open case: record the assessment outcome, write a status update to the PCP
// (preview the letter, then send), record a call with the PCP, close the case. Each calls the
// same route as the API (case-management's /cases, pcp-notification's /letters and
// /notifications with a token for its resource); workspace.ts mounts this and re-renders the
// timeline after each action through `refresh`.
import type { CareflowSession } from './sign-in.js';
import {
  ApiError,
  json,
  postJson,
  type CaseAfterChange,
  type TimelineStep,
} from './workspace-api.js';

/** The case the view shows. */
export interface OpenCase {
  readonly caseId: string;
  readonly memberId: string;
}

/** pcp-notification as the workspace settings name it (GET /workspace/config). */
interface PcpNotificationSettings {
  readonly url: string;
  readonly resource: string;
}

/** A worklist item of pcp-notification's feed (GET /feed): letters sent, calls due and made. */
interface FeedItem {
  readonly kind: string;
  readonly status: string;
  readonly caseId: string;
  readonly notificationId: string | null;
  readonly title: string;
  readonly dueBy: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface CaseActionsHost {
  readonly session: CareflowSession;
  /** Re-reads the open case's timeline and the caseload after an action. */
  refresh(openCase: OpenCase): Promise<void>;
}

function byId<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`the page has no #${id}`);
  return found as T;
}

const value = (id: string): string => byId<HTMLInputElement>(id).value.trim();

/** What the timeline says for the steps the actions add (null: the workspace's own wording). */
export function actionStepText(s: TimelineStep): string | null {
  const detail = s.detail;
  switch (s.kind) {
    case 'assessment-recorded':
      return `Assessment recorded: ${String(detail['outcome']).replace(/-/g, ' ')}`;
    case 'clinical-status-update':
      return `Status update to the PCP${detail['conditionChanged'] ? ' (condition changed: call due)' : ''}`;
    case 'closed': {
      const why = typeof detail['closureReason'] === 'string' ? detail['closureReason'] : 'closed';
      const reason = typeof detail['reason'] === 'string' ? `: ${detail['reason']}` : '';
      return `Case closed (${why.replace(/-/g, ' ')})${reason}`;
    }
    case 'pcp-letter':
    case 'pcp-call':
      return String(detail['title']);
    default:
      return null;
  }
}

export function mountCaseActions(host: CaseActionsHost) {
  const { session } = host;
  let current: OpenCase | null = null;
  let pcp: PcpNotificationSettings | null = null;
  let previewUrl: string | null = null;

  const caseUrl = (caseId: string) => `/cases/${encodeURIComponent(caseId)}`;
  const atPcp = (path: string, init?: RequestInit): Promise<Response> => {
    if (!pcp) return Promise.reject(new Error('This workspace is not set up to reach letters.'));
    return session.apiAt(pcp.url, pcp.resource, path, init);
  };

  function say(message: string): void {
    byId('actions-error').textContent = '';
    byId('actions-status').textContent = message;
  }

  function fail(error: unknown): void {
    byId('actions-status').textContent = '';
    const message = error instanceof Error ? error.message : String(error);
    // A refusal's stable code stays on the element for tests and support; the text is for people.
    const alert = byId('actions-error');
    alert.dataset['code'] = error instanceof ApiError ? (error.code ?? '') : '';
    alert.textContent = `Not done: ${message}`;
  }

  /** Runs an action on the open case, then shows the result and the refreshed timeline. */
  async function act(done: string, action: (c: OpenCase) => Promise<unknown>): Promise<boolean> {
    const c = current;
    if (!c) return false;
    say('');
    try {
      await action(c);
    } catch (error) {
      fail(error);
      return false;
    }
    await host.refresh(c);
    say(done);
    return true;
  }

  function resetPreview(): void {
    if (previewUrl) URL.revokeObjectURL(previewUrl);
    previewUrl = null;
    const link = byId<HTMLAnchorElement>('letter-preview-link');
    link.hidden = true;
    link.removeAttribute('href');
    byId<HTMLButtonElement>('status-update-send').disabled = true;
  }

  const draft = () => ({
    summary: value('status-update-summary'),
    conditionChanged: byId<HTMLInputElement>('status-update-condition-changed').checked,
  });

  async function preview(): Promise<void> {
    const c = current;
    if (!c) return;
    resetPreview();
    try {
      const response = await atPcp(
        '/letters/status-update/preview',
        postJson({ caseId: c.caseId, ...draft() }),
      );
      if (!response.ok) await json(Promise.resolve(response));
      previewUrl = URL.createObjectURL(await response.blob());
      const link = byId<HTMLAnchorElement>('letter-preview-link');
      link.href = previewUrl;
      link.hidden = false;
      byId<HTMLButtonElement>('status-update-send').disabled = false;
      say('The letter preview is ready: open it, then send when it reads right.');
      link.focus();
    } catch (error) {
      fail(error);
    }
  }

  async function loadCalls(c: OpenCase): Promise<FeedItem[]> {
    if (!pcp) return [];
    const query = `memberId=${encodeURIComponent(c.memberId)}&limit=100`;
    const page = await json<{ items: FeedItem[] }>(atPcp(`/feed?${query}`));
    return page.items.filter((i) => i.caseId === c.caseId);
  }

  async function showCalls(items: readonly FeedItem[]): Promise<void> {
    const open = items.filter(
      (i) =>
        i.kind === 'condition-change-call' &&
        (i.status === 'pending' || i.status === 'overdue') &&
        i.notificationId,
    );
    const select = byId<HTMLSelectElement>('pcp-call-task');
    select.replaceChildren(
      ...open.map((i) => {
        const option = document.createElement('option');
        option.value = i.notificationId!;
        option.textContent = `${i.title}${i.dueBy ? `, due ${new Date(i.dueBy).toLocaleString()}` : ''}`;
        return option;
      }),
    );
    const none = open.length === 0;
    select.disabled = none;
    byId<HTMLButtonElement>('pcp-call-submit').disabled = none;
    byId('pcp-call-none').hidden = !none;
  }

  /** pcp-notification's steps of the case (letters, calls) for the timeline. */
  async function pcpSteps(c: OpenCase): Promise<TimelineStep[]> {
    const items = await loadCalls(c);
    await showCalls(items);
    return items
      .filter(
        (i) =>
          i.kind === 'clinical-status-update' ||
          i.kind === 'enrollment-notice' ||
          i.kind === 'condition-change-call',
      )
      .map((i) => ({
        at:
          i.kind === 'condition-change-call' && i.status === 'completed'
            ? i.updatedAt
            : i.createdAt,
        kind: i.kind === 'condition-change-call' ? 'pcp-call' : 'pcp-letter',
        actor: { name: 'pcp-notification' },
        toStatus: null,
        detail: {
          title: `${i.title} (${i.status})`,
          // A letter's PDF opens from the timeline (openLetter).
          ...(i.kind !== 'condition-change-call' && i.notificationId
            ? { notificationId: i.notificationId }
            : {}),
        },
      }));
  }

  function wire(formId: string, handler: () => Promise<void>): void {
    byId<HTMLFormElement>(formId).addEventListener('submit', (event) => {
      event.preventDefault();
      void handler();
    });
  }

  wire('assessment-form', async () => {
    const recorded = await act('Assessment outcome recorded.', (c) =>
      json<CaseAfterChange>(
        session.api(
          `${caseUrl(c.caseId)}/assessment`,
          postJson({
            outcome: value('assessment-outcome'),
            ...(value('assessment-notes') ? { notes: value('assessment-notes') } : {}),
          }),
        ),
      ),
    );
    if (recorded) byId<HTMLInputElement>('assessment-notes').value = '';
  });
  byId('status-update-preview').addEventListener('click', () => void preview());
  for (const id of ['status-update-summary', 'status-update-condition-changed'])
    byId(id).addEventListener('input', resetPreview);
  wire('status-update-form', async () => {
    const sent = await act('Status update sent: the letter goes to the PCP.', (c) =>
      json(session.api(`${caseUrl(c.caseId)}/status-updates`, postJson(draft()))),
    );
    if (sent) {
      byId<HTMLTextAreaElement>('status-update-summary').value = '';
      byId<HTMLInputElement>('status-update-condition-changed').checked = false;
      resetPreview();
    }
  });
  wire('pcp-call-form', async () => {
    const recorded = await act('Call with the PCP recorded.', () =>
      json(
        atPcp(
          `/notifications/${encodeURIComponent(value('pcp-call-task'))}/complete`,
          postJson({ notes: value('pcp-call-notes') }),
        ),
      ),
    );
    if (recorded) byId<HTMLTextAreaElement>('pcp-call-notes').value = '';
  });
  wire('close-form', async () => {
    await act('Case closed.', (c) =>
      json<CaseAfterChange>(
        session.api(`${caseUrl(c.caseId)}/close`, postJson({ reason: value('close-reason') })),
      ),
    );
  });

  return {
    /** Reads where pcp-notification is (the workspace settings). */
    async configure(): Promise<void> {
      const settings = await json<{ pcpNotification: PcpNotificationSettings | null }>(
        fetch('/workspace/config'),
      );
      pcp = settings.pcpNotification;
    },
    /** The view opened a case: the actions now work on it. */
    open(c: OpenCase): void {
      current = c;
      resetPreview();
      byId('actions-status').textContent = '';
      byId('actions-error').textContent = '';
    },
    /** Opens a letter's PDF, as the PCP received it, in a new tab (read with the pcp-notification token). */
    async openLetter(notificationId: string): Promise<void> {
      try {
        const response = await atPcp(
          `/notifications/${encodeURIComponent(notificationId)}/letter.pdf`,
        );
        if (!response.ok) throw new Error(`The letter could not be read (${response.status}).`);
        const url = URL.createObjectURL(await response.blob());
        window.open(url, '_blank', 'noopener');
        // The new tab has read it by then; the page keeps no letter in memory.
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
      } catch (error) {
        fail(error);
      }
    },
    /** Steps pcp-notification holds for the case (letters, calls); none when it cannot be read. */
    async extraSteps(c: OpenCase): Promise<TimelineStep[]> {
      try {
        return await pcpSteps(c);
      } catch (error) {
        fail(error);
        return [];
      }
    },
  };
}

export type CaseActions = ReturnType<typeof mountCaseActions>;
