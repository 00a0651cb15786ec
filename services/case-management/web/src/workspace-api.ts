// The workspace's view of case-management's API (GET /workspace/caseload, …/timeline,
// …/outreach-attempts): only the fields the page shows. The case actions' calls are in
// case-actions.ts.
import type { CareflowSession } from './sign-in.js';

export interface Evidence {
  readonly code: string;
  readonly date: string;
}
export interface RiskCondition {
  readonly id: string;
  readonly label: string;
  readonly points: number;
  readonly supersededBy: string | null;
  readonly evidence: readonly Evidence[];
}
export interface CaseloadMember {
  readonly caseId: string;
  readonly memberId: string;
  readonly name: string | null;
  readonly age: number | null;
  readonly status: string;
  readonly criteriaMet: readonly string[];
  readonly plan: { readonly lineOfBusiness: string } | null;
  readonly pcp: { readonly name: string; readonly phone: string | null } | null;
  readonly risk: {
    readonly total: number;
    readonly summary: string;
    readonly charlson: { readonly score: number; readonly conditions: readonly RiskCondition[] };
    readonly admissions: { readonly count: number; readonly points: number };
  };
  readonly due: {
    readonly assessmentDueAt: string;
    readonly assessmentPending: boolean;
    readonly assessmentOverdue: boolean;
    readonly callsDue: number;
    readonly lettersFailed: number;
  };
}
export interface CaseloadPage {
  readonly total: number;
  readonly members: readonly CaseloadMember[];
  readonly nextOffset: number | null;
}
export interface TimelineStep {
  readonly at: string;
  readonly kind: string;
  readonly actor: { readonly name: string };
  readonly toStatus: string | null;
  readonly detail: Readonly<Record<string, unknown>>;
}
export interface Timeline {
  readonly caseId: string;
  readonly steps: readonly TimelineStep[];
}
export interface OutreachRecord {
  readonly required: number;
  readonly unableToReachAllowed: boolean;
}

// The same lists as the API (services/case-management/src/workspace/workspace.repository.ts).
export const OUTREACH_CHANNELS = ['phone', 'text', 'email', 'letter', 'in-person'] as const;
export const OUTREACH_OUTCOMES = [
  'reached',
  'no-answer',
  'left-message',
  'wrong-number',
  'member-declined',
] as const;

/** A refusal as the API answers it: its stable code (409 `error`) and its message. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | null,
  ) {
    super(message);
  }
}

/** Answers the JSON body, or throws the server's message (it names the fault, never PHI). */
export async function json<T>(answer: Promise<Response>): Promise<T> {
  const response = await answer;
  const body = (await response.json().catch(() => null)) as {
    message?: string | string[];
    error?: string;
  } | null;
  if (!response.ok) {
    const message = Array.isArray(body?.message) ? body.message.join('; ') : body?.message;
    throw new ApiError(
      message ?? `the server answered ${response.status}`,
      response.status,
      body?.error ?? null,
    );
  }
  return body as T;
}

/** A JSON POST. */
export const postJson = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

export interface CaseAfterChange {
  readonly caseId: string;
  readonly status: string;
}

export function workspaceApi(session: CareflowSession) {
  const caseUrl = (caseId: string) => `/workspace/cases/${encodeURIComponent(caseId)}`;
  return {
    caseload: (offset: number) =>
      json<CaseloadPage>(session.api(`/workspace/caseload?limit=50&offset=${offset}`)),
    timeline: (caseId: string) => json<Timeline>(session.api(`${caseUrl(caseId)}/timeline`)),
    logOutreach: (caseId: string, channel: string, outcome: string) =>
      json<OutreachRecord>(
        session.api(`${caseUrl(caseId)}/outreach-attempts`, postJson({ channel, outcome })),
      ),
    outreach: (caseId: string) =>
      json<OutreachRecord>(session.api(`${caseUrl(caseId)}/outreach-attempts`)),
  };
}
