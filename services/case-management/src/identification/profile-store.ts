import type { EntityManager } from 'typeorm';
import { ClinicalProfileRepository } from './clinical-profile.repository';

const profiles = new ClinicalProfileRepository();

/**
 * Locks the members' profiles in the order the clinical chunks write them (see
 * `ClinicalProfileRepository.lock`). Kept for `referrals.service.ts`, which calls it by this name
 * until it injects the repository.
 */
export function lockProfiles(manager: EntityManager, memberIds: readonly string[]): Promise<void> {
  return profiles.lock(manager, memberIds);
}
