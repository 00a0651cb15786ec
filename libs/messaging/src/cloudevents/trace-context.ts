import { randomFillSync } from 'node:crypto';

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
  const traceId = traceIdOf(parent) ?? randomHexId(16);
  return `00-${traceId}-${randomHexId(8)}-01`;
}

// Ids come from a pool of random bytes filled 4 KiB at a time: one system call per ~500 span
// ids instead of one each (it showed in the profile of every event published).
const pool = Buffer.alloc(4096);
let used = pool.length;

/** `bytes` random bytes as lower-case hex, never all zeros (W3C: an all-zero id is invalid). */
function randomHexId(bytes: number): string {
  for (;;) {
    if (used + bytes > pool.length) {
      randomFillSync(pool);
      used = 0;
    }
    const id = pool.toString('hex', used, used + bytes);
    used += bytes;
    if (/[^0]/.test(id)) return id;
  }
}
