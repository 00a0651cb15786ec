import {
  BENEFITS,
  DRUG_CATEGORIES,
  FUNDING_TYPES,
  LINES_OF_BUSINESS,
  PHARMACY_BENEFIT_ADMINISTRATORS,
  type Benefit,
  type DrugCategory,
  type FundingType,
  type LineOfBusiness,
  type PharmacyBenefitAdministrator,
} from '../reference-values';
import type { RoutingPolicy, RoutingRule } from '../policy/schema';

/** Group key of a group coverage whose group has no arrangement of its own in the policy. */
export const OTHER_GROUP_KEY = '(other-group)';
/** Group key of individual coverage. */
export const NO_GROUP_KEY = '(no-group)';
/** PBA key when the coverage names no separate pharmacy benefit administrator. */
export const NO_PBA_KEY = '(no-pba)';

export interface CellCoordinates {
  benefit: Benefit;
  category: DrugCategory;
  lineOfBusiness: LineOfBusiness;
  fundingType: FundingType;
  groupKey: string;
  pbaKey: string;
}

export function cellKey(
  benefit: string,
  category: string,
  lineOfBusiness: string,
  fundingType: string,
  groupKey: string,
  pbaKey: string,
): string {
  return `${benefit}|${category}|${lineOfBusiness}|${fundingType}|${groupKey}|${pbaKey}`;
}

/** A rule constraining more dimensions wins over a more general one (exceptions beat the rule). */
export function specificityOf(rule: RoutingRule): number {
  return (rule.when.groupIds ? 2 : 0) + (rule.when.pharmacyBenefitAdministrators ? 1 : 0);
}

function ruleMatches(rule: RoutingRule, c: CellCoordinates): boolean {
  const w = rule.when;
  if (w.benefit !== c.benefit) return false;
  if (w.drugCategories && !w.drugCategories.includes(c.category)) return false;
  if (!w.linesOfBusiness.includes(c.lineOfBusiness)) return false;
  if (!w.fundingTypes.includes(c.fundingType)) return false;
  if (w.groupIds && !w.groupIds.includes(c.groupKey)) return false;
  if (w.pharmacyBenefitAdministrators) {
    const pba = c.pbaKey === NO_PBA_KEY ? null : c.pbaKey;
    if (!w.pharmacyBenefitAdministrators.some((p) => p === pba)) return false;
  }
  return true;
}

export interface RuleTableConflict {
  cell: CellCoordinates;
  ruleIds: string[];
}

export interface RuleTable {
  /** Every cell of the finite input space that a rule decides, with the rule that decides it. */
  cells: Map<string, { coordinates: CellCoordinates; rule: RoutingRule }>;
  /** Cells where two equally specific rules both match: the policy is ambiguous there. */
  conflicts: RuleTableConflict[];
  /** Coordinates of every cell, decided or not, in enumeration order. */
  all: CellCoordinates[];
}

/**
 * Expands the rules over the whole (finite) input space: benefit × drug category × line of business
 * × funding type × group (each group the policy names, any other group, none) × pharmacy benefit
 * administrator. The router then answers with one map lookup.
 */
export function buildRuleTable(policy: RoutingPolicy): RuleTable {
  const cells: RuleTable['cells'] = new Map();
  const conflicts: RuleTableConflict[] = [];
  const all: CellCoordinates[] = [];
  const groupKeysForGroups = [...policy.groups.map((g) => g.id), OTHER_GROUP_KEY];
  const pbaKeys: string[] = [...PHARMACY_BENEFIT_ADMINISTRATORS, NO_PBA_KEY];
  for (const benefit of BENEFITS) {
    for (const category of DRUG_CATEGORIES) {
      for (const lineOfBusiness of LINES_OF_BUSINESS) {
        for (const fundingType of FUNDING_TYPES) {
          const groupKeys = fundingType === 'individual' ? [NO_GROUP_KEY] : groupKeysForGroups;
          for (const groupKey of groupKeys) {
            for (const pbaKey of pbaKeys) {
              const coordinates: CellCoordinates = {
                benefit,
                category,
                lineOfBusiness,
                fundingType,
                groupKey,
                pbaKey,
              };
              all.push(coordinates);
              let best: RoutingRule[] = [];
              let bestScore = -1;
              for (const rule of policy.rules) {
                if (!ruleMatches(rule, coordinates)) continue;
                const score = specificityOf(rule);
                if (score > bestScore) {
                  best = [rule];
                  bestScore = score;
                } else if (score === bestScore) {
                  best.push(rule);
                }
              }
              const [winner] = best;
              if (!winner) continue;
              if (best.length > 1) {
                conflicts.push({ cell: coordinates, ruleIds: best.map((r) => r.id) });
                continue;
              }
              cells.set(cellKey(benefit, category, lineOfBusiness, fundingType, groupKey, pbaKey), {
                coordinates,
                rule: winner,
              });
            }
          }
        }
      }
    }
  }
  return { cells, conflicts, all };
}

export function pbaKeyOf(pba: PharmacyBenefitAdministrator | null | undefined): string {
  return pba ?? NO_PBA_KEY;
}
