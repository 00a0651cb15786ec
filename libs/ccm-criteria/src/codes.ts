/**
 * Code normalization and the precomputed lookups the criteria use. Code-set data is written as
 * specs: `E11` (a prefix: every code that starts with it) or `J9000-J9999` (an inclusive range,
 * compared on the first `from.length` characters, so `C00-C96` covers C00.0 … C96.Z and C4A/C7A).
 * Lookups index prefixes by their first `keyLength` characters, so matching a code costs one Map
 * lookup and a handful of `startsWith` checks, independent of the size of the code set.
 */

export const CODE_SYSTEMS = ['ICD-10-CM', 'ICD-10-PCS', 'CPT-HCPCS', 'MS-DRG'] as const;
export type CodeSystem = (typeof CODE_SYSTEMS)[number];

/** Upper case, without dots or spaces: `e11.65` → `E1165`. MS-DRGs are zero-padded: `5` → `005`. */
export function normalizeCode(code: string, system: CodeSystem = 'ICD-10-CM'): string {
  const c = isNormalized(code) ? code : code.replace(/[.\s]/g, '').toUpperCase();
  if (system === 'MS-DRG' && /^\d{1,3}$/.test(c)) return c.padStart(3, '0');
  return c;
}

/** Only digits and upper-case ASCII letters: nothing for `normalizeCode` to change. */
function isNormalized(code: string): boolean {
  for (let i = 0; i < code.length; i++) {
    const c = code.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90))) return false;
  }
  return true;
}

/** The ICD-10-CM 3-character category: `E1165` → `E11`. */
export function icd10Category(code: string): string {
  return code.slice(0, 3);
}

/** Code shapes per system, used to validate code-set data (specs may be prefixes, so lengths vary). */
export const SPEC_SHAPE: Record<CodeSystem, RegExp> = {
  'ICD-10-CM': /^[A-TV-Z][0-9][0-9A-Z][0-9A-Z]{0,4}$/,
  'ICD-10-PCS': /^[0-9A-HJ-NP-Z]{1,7}$/,
  'CPT-HCPCS': /^[0-9A-Z]{1,5}$/,
  'MS-DRG': /^\d{3}$/,
};

export interface ParsedSpec {
  spec: string;
  kind: 'prefix' | 'range' | 'pattern';
  from: string;
  to: string;
}

/**
 * Parses `E11` (prefix), `J9000-J9999` (range) or `0_B____X` (pattern: `_` is any one character,
 * the rest is matched as a prefix); throws on a malformed spec for `system`.
 */
export function parseSpec(spec: string, system: CodeSystem): ParsedSpec {
  const shape = SPEC_SHAPE[system];
  if (spec.includes('_')) {
    const p = spec.toUpperCase();
    if (!/^[0-9A-Z_]{2,7}$/.test(p))
      throw new Error(`${system} code pattern "${spec}" is malformed`);
    return { spec, kind: 'pattern', from: p, to: p };
  }
  const dash = spec.indexOf('-');
  if (dash < 0) {
    const p = normalizeCode(spec, system);
    if (!shape.test(p)) throw new Error(`${system} code spec "${spec}" is malformed`);
    return { spec, kind: 'prefix', from: p, to: p };
  }
  const from = normalizeCode(spec.slice(0, dash), system);
  const to = normalizeCode(spec.slice(dash + 1), system);
  if (!shape.test(from) || !shape.test(to) || from.length !== to.length || from > to) {
    throw new Error(`${system} code range "${spec}" is malformed (same length, from <= to)`);
  }
  return { spec, kind: 'range', from, to };
}

function matchesPattern(code: string, pattern: string): boolean {
  if (code.length < pattern.length) return false;
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern.charCodeAt(i);
    if (p !== 95 /* _ */ && p !== code.charCodeAt(i)) return false;
  }
  return true;
}

function matchesParsed(code: string, parsed: ParsedSpec): boolean {
  switch (parsed.kind) {
    case 'prefix':
      return code.startsWith(parsed.from);
    case 'pattern':
      return matchesPattern(code, parsed.from);
    case 'range': {
      const head = code.slice(0, parsed.from.length);
      return head.length === parsed.from.length && head >= parsed.from && head <= parsed.to;
    }
  }
}

export interface CodeMatch<T> {
  /** The spec in the code-set data that matched, e.g. `E11` or `J9000-J9999`. */
  spec: string;
  value: T;
}

export interface MatcherEntry<T> {
  spec: string;
  value: T;
  /** Specs that, although inside `spec`, do not match (e.g. diagnostic biopsies inside a surgery range). */
  exclude?: readonly string[];
}

interface Entry<T> {
  parsed: ParsedSpec;
  value: T;
  exclude: readonly ParsedSpec[];
  /** The (immutable) match result of this entry, allocated once. */
  result: CodeMatch<T>;
}

/** Distinct codes remembered per matcher; the code universe is finite, this only bounds bad input. */
const MEMO_LIMIT = 50_000;

const NONE: readonly never[] = Object.freeze([]);

/** Matches normalized codes against prefix, range and pattern specs, each with its own exclusions. */
export class CodeMatcher<T> {
  private readonly byKey = new Map<string, Entry<T>[]>();
  private readonly linear: Entry<T>[] = [];
  private readonly memo = new Map<string, ReadonlyArray<CodeMatch<T>>>();
  readonly size: number;

  constructor(
    readonly system: CodeSystem,
    entries: ReadonlyArray<MatcherEntry<T>>,
    private readonly keyLength = 3,
  ) {
    const parsedExclusions = new Map<readonly string[], ParsedSpec[]>();
    for (const e of entries) {
      const parsed = parseSpec(e.spec, system);
      let exclude: ParsedSpec[] = [];
      if (e.exclude && e.exclude.length > 0) {
        exclude = parsedExclusions.get(e.exclude) ?? e.exclude.map((x) => parseSpec(x, system));
        parsedExclusions.set(e.exclude, exclude);
      }
      const entry: Entry<T> = {
        parsed,
        value: e.value,
        exclude,
        result: Object.freeze({ spec: e.spec, value: e.value }),
      };
      if (parsed.kind !== 'prefix' || parsed.from.length < keyLength) this.linear.push(entry);
      else {
        const key = parsed.from.slice(0, keyLength);
        const list = this.byKey.get(key);
        if (list) list.push(entry);
        else this.byKey.set(key, [entry]);
      }
    }
    this.size = entries.length;
  }

  /**
   * Every entry matching `code` (already normalized); an empty array when none does. Results are
   * memoized per code: members share a small vocabulary of codes, so a lookup is one Map hit.
   */
  match(code: string): ReadonlyArray<CodeMatch<T>> {
    const known = this.memo.get(code);
    if (known) return known;
    const result = this.compute(code);
    if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
    this.memo.set(code, result);
    return result;
  }

  private compute(code: string): ReadonlyArray<CodeMatch<T>> {
    let out: CodeMatch<T>[] | null = null;
    const keyed = this.byKey.get(code.slice(0, this.keyLength));
    if (keyed) {
      for (const e of keyed)
        if (matchesParsed(code, e.parsed) && !excluded(code, e)) (out ??= []).push(e.result);
    }
    for (const e of this.linear) {
      if (matchesParsed(code, e.parsed) && !excluded(code, e)) (out ??= []).push(e.result);
    }
    return out ? Object.freeze(out) : NONE;
  }

  /** The first match, or null. */
  first(code: string): CodeMatch<T> | null {
    return this.match(code)[0] ?? null;
  }
}

function excluded<T>(code: string, e: Entry<T>): boolean {
  for (const x of e.exclude) if (matchesParsed(code, x)) return true;
  return false;
}
