import { randomBytes } from 'node:crypto';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** A valid W3C `traceparent`, or undefined for anything else (never trust a header blindly). */
export function parseTraceparent(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const match = TRACEPARENT.exec(value.trim());
  if (!match || match[1] === '0'.repeat(32) || match[2] === '0'.repeat(16)) return undefined;
  return value.trim();
}

/** The trace id of a traceparent, for log correlation. */
export function traceIdOf(traceparent: string | undefined): string | undefined {
  return traceparent ? TRACEPARENT.exec(traceparent)?.[1] : undefined;
}

/**
 * A child span of `parent` (same trace, new span id) or the root of a new trace: an event produced
 * while handling another continues that event's trace.
 */
export function childTraceparent(parent: string | undefined): string {
  const traceId = traceIdOf(parent) ?? randomBytes(16).toString('hex');
  return `00-${traceId}-${randomBytes(8).toString('hex')}-01`;
}
