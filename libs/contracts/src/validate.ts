import type { z } from 'zod';
import type { TopicDefinition } from './topic';

/** One reason why event data is invalid: where (`drug.code`, `diagnosisCodes[0]`) and what. */
export interface ValidationIssue {
  readonly path: string;
  readonly message: string;
  readonly code: string;
}

/** A topic definition, or anything with a name and a data schema. */
export type EventSchemaOwner = Pick<TopicDefinition, 'name' | 'data'>;

export type ValidationResult<T> =
  | { readonly success: true; readonly data: T }
  | {
      readonly success: false;
      readonly issues: readonly ValidationIssue[];
      readonly message: string;
    };

/** Thrown by `parseEventData`. Its `name` is what goes into the `dlq-error-class` header. */
export class EventValidationError extends Error {
  override readonly name = 'EventValidationError';
  constructor(
    readonly topic: string,
    readonly issues: readonly ValidationIssue[],
  ) {
    super(`invalid ${topic} event data: ${formatIssues(issues)}`);
  }
}

/**
 * Messages that say what to fix and never echo the input (which may be PHI): "required",
 * "must be one of: paid, reversed", "unrecognized keys: 2" (an unknown key's name is input too).
 * Other messages come from the schemas (their authors' fixed texts). HTTP validation uses it too.
 */
export const valueFreeErrorMap: z.core.$ZodErrorMap = (issue) => {
  if (issue.input === undefined && issue.code !== 'custom') return 'required';
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'invalid_value':
      return `must be one of: ${issue.values.map((v) => String(v)).join(', ')}`;
    case 'too_big':
      return `too big: at most ${String(issue.maximum)}`;
    case 'too_small':
      return `too small: at least ${String(issue.minimum)}`;
    case 'unrecognized_keys':
      return `unrecognized keys: ${issue.keys.length}`;
    case 'invalid_key':
      return 'invalid key';
    case 'invalid_element':
      return 'invalid element';
    case 'invalid_union':
      return 'matches none of the allowed forms';
    default:
      return undefined;
  }
};

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out === '' ? '(data)' : out;
}

export function formatIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((i) => `${i.path}: ${i.message}`).join('; ');
}

/** Validates event `data` against the schema of its topic; unknown fields are dropped. */
export function validateEventData<T extends EventSchemaOwner>(
  topic: T,
  input: unknown,
): ValidationResult<z.output<T['data']>> {
  const result = topic.data.safeParse(input, { error: valueFreeErrorMap });
  // The schema of `T` produced it, so the data is its output (TS cannot see through the generic).
  if (result.success) return { success: true, data: result.data as z.output<T['data']> };
  // One issue per field: the format it should have if it has one (a malformed code is not also
  // "too long", a malformed date not also "not a real date"), else the first check that failed.
  const byPath = new Map<string, ValidationIssue>();
  for (const i of result.error.issues) {
    const path = formatPath(i.path);
    const kept = byPath.get(path);
    if (kept === undefined || (i.code === 'invalid_format' && kept.code !== 'invalid_format')) {
      byPath.set(path, { path, message: i.message, code: i.code });
    }
  }
  const issues = [...byPath.values()];
  return { success: false, issues, message: formatIssues(issues) };
}

/** Like `validateEventData`, but throws an `EventValidationError`. */
export function parseEventData<T extends EventSchemaOwner>(
  topic: T,
  input: unknown,
): z.output<T['data']> {
  const result = validateEventData(topic, input);
  if (!result.success) throw new EventValidationError(topic.name, result.issues);
  return result.data;
}
