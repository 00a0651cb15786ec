import type { z } from 'zod';
import { buildRuleTable } from '../routing/decision-table';
import { routingPolicySchema, type RoutingPolicy } from './schema';

/** A policy document that failed validation; `issues` lists every problem as `path: message`. */
export class PolicyValidationError extends Error {
  constructor(
    readonly issues: readonly string[],
    readonly policyVersion: string | null,
  ) {
    super(
      `Invalid routing policy${policyVersion ? ` ${policyVersion}` : ''}: ${issues.length} problem(s)\n` +
        issues.map((i) => `  - ${i}`).join('\n'),
    );
    this.name = 'PolicyValidationError';
  }
}

export type PolicyParseResult =
  { success: true; policy: RoutingPolicy } | { success: false; issues: string[] };

function formatIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.length ? issue.path.map((p) => String(p)).join('.') : '(root)';
  return `${path}: ${issue.message}`;
}

function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const v of values) (seen.has(v) ? dup : seen).add(v);
  return [...dup];
}

/** Checks what the schema alone cannot: references between sections and ambiguous rules. */
function semanticIssues(policy: RoutingPolicy): string[] {
  const issues: string[] = [];
  if (policy.effectiveTo !== null && policy.effectiveTo < policy.effectiveFrom) {
    issues.push(
      `effectiveTo: ${policy.effectiveTo} is before effectiveFrom ${policy.effectiveFrom}`,
    );
  }
  if (policy.supersedes !== undefined) {
    if (policy.supersedes === policy.version) {
      issues.push(`supersedes: a version cannot supersede itself`);
    }
    if (policy.adoptedOn === undefined) {
      issues.push(
        `adoptedOn: required when the version supersedes another (from which day it decides)`,
      );
    }
    if (policy.changeLog === undefined) {
      issues.push(`changeLog: required when the version supersedes another (what changed and why)`);
    }
  }
  for (const [section, ids] of [
    ['rules', policy.rules.map((r) => r.id)],
    ['vendors', policy.vendors.map((v) => v.id)],
    ['channels', policy.channels.map((c) => c.id)],
    ['groups', policy.groups.map((g) => g.id)],
    ['drugLists', policy.drugLists.map((d) => d.id)],
    ['resources', policy.resources.map((r) => r.id)],
    ['outOfStateResources', policy.outOfStateResources.map((r) => r.id)],
  ] as const) {
    for (const id of duplicates(ids)) issues.push(`${section}: duplicate id "${id}"`);
  }
  const vendors = new Set<string>(policy.vendors.map((v) => v.id));
  const channels = new Set<string>(policy.channels.map((c) => c.id));
  const groups = new Set(policy.groups.map((g) => g.id));
  const drugLists = new Set(policy.drugLists.map((d) => d.id));
  const checkTarget = (where: string, vendorId: string, channel: string): void => {
    if (!vendors.has(vendorId)) issues.push(`${where}: vendor "${vendorId}" is not in vendors`);
    if (!channels.has(channel)) issues.push(`${where}: channel "${channel}" is not in channels`);
  };
  policy.rules.forEach((rule, i) => {
    const where = `rules.${i} (${rule.id})`;
    for (const g of rule.when.groupIds ?? []) {
      if (!groups.has(g)) issues.push(`${where}: group "${g}" is not in groups`);
    }
    const then = rule.then;
    switch (then.kind) {
      case 'route':
        checkTarget(where, then.vendorId, then.channel);
        break;
      case 'by-drug-list':
        if (!drugLists.has(then.drugListId)) {
          issues.push(`${where}: drug list "${then.drugListId}" is not in drugLists`);
        }
        checkTarget(`${where} onList`, then.onList.vendorId, then.onList.channel);
        checkTarget(`${where} offList`, then.offList.vendorId, then.offList.channel);
        break;
      case 'no-vendor-named':
        break;
    }
  });
  policy.resources.forEach((r, i) => {
    for (const v of r.appliesTo.vendorIds) {
      if (!vendors.has(v)) issues.push(`resources.${i} (${r.id}): vendor "${v}" is not in vendors`);
    }
  });
  if (issues.length === 0) {
    for (const conflict of buildRuleTable(policy).conflicts.slice(0, 20)) {
      const c = conflict.cell;
      issues.push(
        `rules: ${conflict.ruleIds.join(', ')} are equally specific and all decide ` +
          `${c.benefit} benefit / ${c.category} / ${c.lineOfBusiness} / ${c.fundingType} / ` +
          `group ${c.groupKey} / PBA ${c.pbaKey}: make one of them more specific`,
      );
    }
  }
  return issues;
}

/** Validates an untrusted policy document without throwing. */
export function safeParseRoutingPolicy(input: unknown): PolicyParseResult {
  const parsed = routingPolicySchema.safeParse(input);
  if (!parsed.success) return { success: false, issues: parsed.error.issues.map(formatIssue) };
  const issues = semanticIssues(parsed.data);
  if (issues.length > 0) return { success: false, issues };
  return { success: true, policy: parsed.data };
}

/**
 * Validates a policy document (e.g. JSON read from a file or a database) and returns it typed.
 * Throws `PolicyValidationError` listing every problem.
 */
export function parseRoutingPolicy(input: unknown): RoutingPolicy {
  const result = safeParseRoutingPolicy(input);
  if (result.success) return result.policy;
  const version =
    typeof input === 'object' && input !== null && 'version' in input
      ? String(input.version)
      : null;
  throw new PolicyValidationError(result.issues, version);
}
