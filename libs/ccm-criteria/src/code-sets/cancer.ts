/**
 * Cancer and its treatment modalities. A modality code counts on its own when it says "cancer
 * treatment" by itself (`inherentlyOncologic`); otherwise only on a record whose principal
 * diagnosis is cancer or an encounter for antineoplastic therapy (Z51.0, Z51.1x): J9xxx drugs and
 * chemotherapy administration are also used for lupus, RA and MS, and a surgical code is cancer
 * surgery only for a cancer. The transplant modality is the transplant procedure code set
 * (not the Z94 status codes).
 */
import { cptHcpcs, icd10cm, icd10pcs, msdrg } from './references';
import type { CodeGroup, ModalityGroup } from './schema';

export const MALIGNANT_NEOPLASMS_2025_1: CodeGroup = {
  id: 'malignant-neoplasm',
  label: 'Malignant neoplasm',
  codes: { 'ICD-10-CM': ['C00-C96'] },
  exclude: { 'ICD-10-CM': ['C44'] },
  sources: [
    icd10cm('C00–C96 Malignant neoplasms (includes C4A Merkel cell, C7A/C7B neuroendocrine)'),
  ],
  note: 'C44 (basal and squamous cell carcinoma of skin) is excluded: treated in an office, not a multi-disciplinary cancer; melanoma (C43) and Merkel cell (C4A) count.',
};

export const IN_SITU_NEOPLASMS_2025_1: CodeGroup = {
  id: 'in-situ-neoplasm',
  label: 'Carcinoma in situ',
  codes: { 'ICD-10-CM': ['D00-D09'] },
  exclude: { 'ICD-10-CM': ['D04'] },
  sources: [icd10cm('D00–D09 In situ neoplasms, except D04 Carcinoma in situ of skin')],
  note: 'Counted only when the criteria version sets includeInSitu: DCIS (D05.1) treated with lumpectomy and radiation is multi-modality cancer care.',
};

export const ANTINEOPLASTIC_ENCOUNTERS_2025_1: CodeGroup = {
  id: 'antineoplastic-encounter',
  label: 'Encounter for antineoplastic therapy',
  codes: { 'ICD-10-CM': ['Z510', 'Z511'] },
  sources: [
    icd10cm(
      'Z51.0 Encounter for antineoplastic radiation therapy; Z51.1x Encounter for antineoplastic chemotherapy and immunotherapy',
    ),
  ],
};

/** ICD-10-PCS Medical and Surgical body systems (2nd character). */
const PCS_BODY_SYSTEMS = '0123456789BCDFGHJKLMNPQRSTUVWXY';

export const MODALITIES_2025_1: ModalityGroup[] = [
  {
    id: 'cancer-surgery',
    label: 'Cancer surgery',
    modality: 'surgery',
    inherentlyOncologic: false,
    codes: {
      // Root operations Excision (B), Resection (T) and Destruction (5) in every body system.
      'ICD-10-PCS': [...PCS_BODY_SYSTEMS].flatMap((b) => [`0${b}B`, `0${b}T`, `0${b}5`]),
      'CPT-HCPCS': ['10004-69990'],
    },
    exclude: {
      // Excision with qualifier X is a diagnostic biopsy.
      'ICD-10-PCS': ['0_B___X'],
      'CPT-HCPCS': [
        '10004-10021', // fine needle aspiration
        '11102-11107', // skin biopsy
        '19081-19086', // breast biopsy with imaging
        '20220-20251', // bone biopsy
        '20600-20611', // arthrocentesis, joint injection
        '31622-31654', // diagnostic bronchoscopy, EBUS biopsy
        '32400-32408', // pleura / lung needle biopsy
        '32554-32557', // thoracentesis, pleural drainage
        '36000-36598', // vascular injection and venous access (ports)
        '38220-38243', // bone marrow aspiration/biopsy/harvest; cell transplant (counted as transplant)
        '38505', // lymph node needle biopsy
        '47000-47001', // liver biopsy
        '48102', // pancreas biopsy
        '49082-49084', // paracentesis
        '49180', // abdominal mass biopsy
        '50200', // renal biopsy
        '55700-55706', // prostate biopsy
        '57454-57456', // colposcopy with biopsy
        '58100-58110', // endometrial biopsy
        '60100', // thyroid biopsy
        '62320-62327', // epidural injections
        '64400-64530', // nerve blocks
      ],
    },
    sources: [
      icd10pcs(
        'Medical and Surgical section (0), root operations Excision (B, non-diagnostic), Resection (T), Destruction (5)',
      ),
      cptHcpcs('Surgery section 10004–69990, less biopsy, aspiration, access and injection codes'),
    ],
  },
  {
    id: 'chemotherapy-immunotherapy-drugs',
    label: 'Chemotherapy / immunotherapy drugs and administration',
    modality: 'chemotherapy-immunotherapy',
    inherentlyOncologic: false,
    codes: {
      'CPT-HCPCS': ['J9000-J9999', '96401-96549'],
      'ICD-10-PCS': [
        '3E0330',
        '3E0430',
        '3E0530',
        '3E0630',
        '3E0L30',
        '3E0M30',
        '3E0Q30',
        '3E0R30',
      ],
    },
    exclude: { 'CPT-HCPCS': ['96523'] },
    sources: [
      cptHcpcs(
        'HCPCS J9000–J9999 Antineoplastic drugs; CPT 96401–96549 Chemotherapy and other highly complex drug administration (less 96523 port irrigation)',
      ),
      icd10pcs(
        '3E0 Introduction of antineoplastic (substance 0) into vein, artery, pleural/peritoneal cavity, cranial cavity, spinal canal',
      ),
    ],
  },
  {
    id: 'antineoplastic-therapy-encounter',
    label: 'Encounter or admission for chemotherapy / immunotherapy',
    modality: 'chemotherapy-immunotherapy',
    inherentlyOncologic: true,
    codes: {
      'ICD-10-CM': ['Z5111', 'Z5112'],
      'MS-DRG': ['837', '838', '839', '846', '847', '848'],
    },
    sources: [
      icd10cm(
        'Z51.11 Encounter for antineoplastic chemotherapy; Z51.12 Encounter for antineoplastic immunotherapy',
      ),
      msdrg(
        '837–839 Chemotherapy with acute leukemia as secondary diagnosis; 846–848 Chemotherapy without acute leukemia as secondary diagnosis',
      ),
    ],
  },
  {
    id: 'radiation-therapy',
    label: 'Radiation oncology',
    modality: 'radiation',
    inherentlyOncologic: false,
    codes: { 'CPT-HCPCS': ['77261-77799', 'G6001-G6017'], 'ICD-10-PCS': ['D'] },
    sources: [
      cptHcpcs(
        'CPT 77261–77799 Radiation oncology (planning, simulation, physics, delivery, brachytherapy); HCPCS G6001–G6017 radiation treatment delivery',
      ),
      icd10pcs('Section D Radiation Therapy'),
    ],
  },
  {
    id: 'radiation-therapy-encounter',
    label: 'Encounter or admission for radiation therapy',
    modality: 'radiation',
    inherentlyOncologic: true,
    codes: { 'ICD-10-CM': ['Z510'], 'MS-DRG': ['849'] },
    sources: [
      icd10cm('Z51.0 Encounter for antineoplastic radiation therapy'),
      msdrg('849 Radiotherapy'),
    ],
  },
  {
    id: 'car-t',
    label: 'CAR T-cell therapy',
    modality: 'car-t',
    inherentlyOncologic: true,
    codes: {
      'CPT-HCPCS': ['Q2041', 'Q2042', 'Q2053', 'Q2054', 'Q2055', 'Q2056', '38228', '0540T'],
      'ICD-10-PCS': [
        'XW033C3',
        'XW043C3',
        'XW033C7',
        'XW043C7',
        'XW033G7',
        'XW043G7',
        'XW033H7',
        'XW043H7',
        'XW033J7',
        'XW043J7',
        'XW033K7',
        'XW043K7',
        'XW033L7',
        'XW043L7',
        'XW033M7',
        'XW043M7',
        'XW033N7',
        'XW043N7',
      ],
      'MS-DRG': ['018'],
    },
    sources: [
      cptHcpcs(
        'HCPCS Q2041 axicabtagene ciloleucel, Q2042 tisagenlecleucel, Q2053 brexucabtagene autoleucel, Q2054 lisocabtagene maraleucel, Q2055 idecabtagene vicleucel, Q2056 ciltacabtagene autoleucel; CPT 38228 (formerly 0540T) CAR-T administration',
      ),
      icd10pcs(
        'XW033/XW043 Introduction of engineered (C3, C7), allogeneic (G7) and product-specific (H7–N7) CAR T-cell immunotherapy into peripheral/central vein',
      ),
      msdrg('018 Chimeric antigen receptor (CAR) T-cell and other immunotherapies'),
    ],
    note: 'MS-DRG 018 also groups other cell immunotherapies; product-specific ICD-10-PCS codes change each fiscal year and must be checked when a code-set version is added.',
  },
];
