// The workspace live: one Server-Sent Events stream (GET /workspace/stream) opened with a
// single-use ticket (POST /workspace/stream-tickets, with the access token). The page says when
// the stream is down (role=status) and catches up when it returns: the server replays nothing,
// so the page reloads what it shows.
import type { CareflowSession } from './sign-in.js';

/** `event: case`: a case the viewer may see changed. */
export interface CaseChange {
  readonly caseId: string;
  readonly memberId: string;
  readonly status: string;
  readonly caseManagerId: string | null;
}

export interface LiveHandlers {
  onCase(change: CaseChange): void;
  /** A case was reassigned away from the viewer. */
  onCaseLeft(caseId: string): void;
  /** The stream is open after a gap (first open, outage, token renewal): reload the page's data. */
  onCatchUp(): void;
}

type LiveState = 'connecting' | 'live' | 'offline';

const STATE_TEXT: Record<LiveState, string> = {
  connecting: 'Connecting to live updates…',
  live: 'Live: changes appear as they happen.',
  offline: 'Offline: live updates stopped; what you see may be out of date. Reconnecting…',
};

/** Longest wait between reconnection attempts. */
const MAX_RETRY_MS = 15000;

export function startLive(
  session: CareflowSession,
  status: HTMLElement,
  handlers: LiveHandlers,
): void {
  let source: EventSource | null = null;
  let retry: number | undefined;
  let failures = 0;
  let asking = false;
  // Changes made while no stream was open are not replayed: each (re)open reloads.
  let gap = true;

  const show = (state: LiveState): void => {
    status.dataset['state'] = state;
    status.textContent = STATE_TEXT[state];
  };

  const drop = (): void => {
    source?.close();
    source = null;
    gap = true;
  };

  const offline = (): void => {
    drop();
    show('offline');
    window.clearTimeout(retry);
    retry = window.setTimeout(connect, Math.min(MAX_RETRY_MS, 1000 * 2 ** failures));
    failures += 1;
  };

  const ticket = async (): Promise<string> => {
    const answer = await session.api('/workspace/stream-tickets', { method: 'POST' });
    if (!answer.ok) throw new Error(`stream ticket refused (${answer.status})`);
    return ((await answer.json()) as { ticket: string }).ticket;
  };

  function connect(): void {
    window.clearTimeout(retry);
    if (!navigator.onLine) {
      offline();
      return;
    }
    if (source || asking) return;
    asking = true;
    ticket().then(
      (t) => {
        asking = false;
        const stream = new EventSource(`/workspace/stream?ticket=${encodeURIComponent(t)}`);
        source = stream;
        stream.addEventListener('ready', () => {
          failures = 0;
          show('live');
          if (gap) {
            gap = false;
            handlers.onCatchUp();
          }
        });
        stream.addEventListener('case', (e: MessageEvent<string>) =>
          handlers.onCase(JSON.parse(e.data) as CaseChange),
        );
        stream.addEventListener('case-left', (e: MessageEvent<string>) => {
          handlers.onCaseLeft((JSON.parse(e.data) as { caseId: string }).caseId);
        });
        // The token the ticket was issued for expired: a new ticket with the renewed token.
        stream.addEventListener('expired', () => {
          drop();
          show('connecting');
          connect();
        });
        // A used ticket cannot reopen the stream, so EventSource's own retry is not used.
        stream.onerror = () => {
          if (source === stream) offline();
        };
      },
      () => {
        asking = false;
        offline();
      },
    );
  }

  window.addEventListener('offline', offline);
  window.addEventListener('online', connect);
  show('connecting');
  connect();
}
