/**
 * Major trauma. Claims carry no Injury Severity Score, so "major" is decided the way the MS-DRG
 * grouper decides "multiple significant trauma" (MDC 24: significant injuries in at least two
 * different body sites) plus single injuries that alone are life-threatening (AIS ≥ 3 in practice):
 * intracranial hemorrhage, spinal cord injury, injuries of the heart, great vessels and abdominal
 * organs, traumatic amputation of a limb, burns of 20% or more of the body surface (American Burn
 * Association burn-centre referral threshold). Injury codes count only for the initial encounter
 * (7th character A, B or C): D/G/K/P/S are follow-up visits and sequelae.
 */
import { icd10cm, msdrg } from './references';
import type { CodeGroup, InjuryGroup } from './schema';

export const MULTIPLE_SIGNIFICANT_TRAUMA_DRGS_2025_1: CodeGroup = {
  id: 'multiple-significant-trauma-drg',
  label: 'MS-DRG multiple significant trauma (MDC 24)',
  codes: { 'MS-DRG': ['955', '956', '957', '958', '959', '963', '964', '965'] },
  sources: [
    msdrg(
      'MDC 24 Multiple Significant Trauma: 955 Craniotomy for MST; 956 Limb reattachment, hip and femur procedures for MST; 957–959 Other O.R. procedures for MST with MCC/CC/without; 963–965 Other MST with MCC/CC/without',
    ),
  ],
  note: 'MS-DRGs 960–962 are not assigned; the MDC 24 family is 955–959 and 963–965.',
};

const TRAUMA_SOURCE = (detail: string) => icd10cm(detail);

export const INJURIES_2025_1: InjuryGroup[] = [
  {
    id: 'intracranial-hemorrhage-or-diffuse-brain-injury',
    label: 'Traumatic brain injury (edema, diffuse or focal injury, hemorrhage, herniation)',
    tier: 'major',
    requiresInitialEncounter: true,
    codes: { 'ICD-10-CM': ['S061', 'S062', 'S063', 'S064', 'S065', 'S066', 'S068', 'S06A'] },
    sources: [
      TRAUMA_SOURCE(
        'S06.1–S06.8, S06.A Intracranial injury other than concussion (S06.0) and unspecified (S06.9)',
      ),
    ],
  },
  {
    id: 'spinal-cord-injury',
    label: 'Spinal cord injury',
    tier: 'major',
    requiresInitialEncounter: true,
    codes: { 'ICD-10-CM': ['S140', 'S141', 'S240', 'S241', 'S340', 'S341'] },
    sources: [
      TRAUMA_SOURCE(
        'S14.0/S14.1, S24.0/S24.1, S34.0/S34.1 Concussion, edema and other injury of cervical, thoracic, lumbar/sacral spinal cord',
      ),
    ],
  },
  {
    id: 'thoracic-organ-or-vessel-injury',
    label: 'Injury of heart, thoracic blood vessels, flail or crushed chest',
    tier: 'major',
    requiresInitialEncounter: true,
    codes: { 'ICD-10-CM': ['S225', 'S25', 'S26', 'S280'] },
    sources: [
      TRAUMA_SOURCE(
        'S22.5 Flail chest; S25 Injury of blood vessels of thorax; S26 Injury of heart; S28.0 Crushed chest',
      ),
    ],
  },
  {
    id: 'neck-vessel-injury',
    label: 'Injury of blood vessels at neck level',
    tier: 'major',
    requiresInitialEncounter: true,
    codes: { 'ICD-10-CM': ['S15'] },
    sources: [TRAUMA_SOURCE('S15 Injury of blood vessels at neck level')],
  },
  {
    id: 'abdominal-organ-or-vessel-injury',
    label: 'Injury of intra-abdominal organs or abdominal blood vessels',
    tier: 'major',
    requiresInitialEncounter: true,
    codes: { 'ICD-10-CM': ['S35', 'S36', 'S3281'] },
    sources: [
      TRAUMA_SOURCE(
        'S35 Injury of blood vessels at abdomen, lower back and pelvis level; S36 Injury of intra-abdominal organs; S32.81 Multiple fractures of pelvis with disruption of pelvic ring',
      ),
    ],
  },
  {
    id: 'traumatic-limb-amputation',
    label: 'Traumatic amputation of a limb',
    tier: 'major',
    requiresInitialEncounter: true,
    codes: { 'ICD-10-CM': ['S48', 'S58', 'S78', 'S88'] },
    sources: [
      TRAUMA_SOURCE(
        'S48, S58, S78, S88 Traumatic amputation of shoulder/upper arm, forearm, hip/thigh, lower leg',
      ),
    ],
  },
  {
    id: 'multiple-injuries-unspecified',
    label: 'Unspecified multiple injuries',
    tier: 'major',
    requiresInitialEncounter: true,
    codes: { 'ICD-10-CM': ['T07'] },
    sources: [TRAUMA_SOURCE('T07 Unspecified multiple injuries')],
  },
  {
    id: 'major-burn',
    label: 'Burns or corrosions of 20% or more of body surface',
    tier: 'major',
    requiresInitialEncounter: false,
    codes: { 'ICD-10-CM': ['T312-T319', 'T322-T329'] },
    sources: [
      TRAUMA_SOURCE(
        'T31.2–T31.9 / T32.2–T32.9 Burns / corrosions involving 20% or more of body surface (these categories take no 7th character)',
      ),
      {
        reference: 'American Burn Association, Guidelines for Burn Patient Referral',
        detail: 'partial-thickness burns > 10–20% TBSA',
      },
    ],
  },
  {
    id: 'skull-or-spine-fracture',
    label: 'Fracture of skull vault or base, or of the spine',
    tier: 'significant',
    requiresInitialEncounter: true,
    codes: { 'ICD-10-CM': ['S020', 'S021', 'S12', 'S220', 'S320'] },
    sources: [
      TRAUMA_SOURCE(
        'S02.0/S02.1 Fracture of vault/base of skull; S12 cervical, S22.0 thoracic, S32.0 lumbar vertebra fractures',
      ),
    ],
  },
  {
    id: 'chest-injury',
    label: 'Multiple rib fractures, injury of lung or other intrathoracic organs',
    tier: 'significant',
    requiresInitialEncounter: true,
    codes: { 'ICD-10-CM': ['S224', 'S27'] },
    sources: [
      TRAUMA_SOURCE(
        'S22.4 Multiple fractures of ribs; S27 Injury of other and unspecified intrathoracic organs',
      ),
    ],
  },
  {
    id: 'pelvic-injury',
    label: 'Pelvic fracture, injury of urinary and pelvic organs, crush of pelvis',
    tier: 'significant',
    requiresInitialEncounter: true,
    codes: { 'ICD-10-CM': ['S321', 'S323', 'S324', 'S325', 'S326', 'S328', 'S37', 'S380', 'S381'] },
    sources: [
      TRAUMA_SOURCE(
        'S32.1, S32.3–S32.6, S32.8 Fracture of sacrum, ilium, acetabulum, pubis, ischium, other pelvis; S37 urinary and pelvic organs; S38.0/S38.1 crushing injury',
      ),
    ],
  },
  {
    id: 'limb-major-injury',
    label: 'Femur fracture, limb crush, limb vessel injury, hand or foot amputation',
    tier: 'significant',
    requiresInitialEncounter: true,
    codes: { 'ICD-10-CM': ['S72', 'S47', 'S77', 'S75', 'S684', 'S687', 'S980', 'S17'] },
    sources: [
      TRAUMA_SOURCE(
        'S72 Fracture of femur; S47/S77 Crushing injury of shoulder/hip and thigh; S75 Injury of blood vessels at hip and thigh; S68.4/S68.7 Traumatic amputation of hand; S98.0 of foot at ankle; S17 Crushing injury of neck',
      ),
    ],
    note: 'A hip fracture alone is not major trauma here; with a second significant injury in another body region it is.',
  },
];
