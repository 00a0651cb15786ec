import type { RoutingPolicyInput } from '../schema';

/**
 * The routing policy and Sempre Health program of BCBSM/BCN "Care management and utilization
 * management" (shared/seeds/000_e5baff2b9bde9ead.txt), as data. Every `source` entry quotes the
 * document verbatim (markdown emphasis and link syntax removed); a unit test checks each quote
 * against the document.
 */

// Sentences quoted more than once.
const MED_LEAD =
  'For medical benefit drugs, the Blue Cross and BCN Pharmacy departments make prior authorization determinations for appropriateness of care and ensure that site-of-care requirements are met.';
const MED_SUBMIT =
  'Submit prior authorization requests for these drugs through the NovoLogix® online tool.';
const MED_INCLUDES_CART = 'This includes drugs for CAR-T cell therapy.';
const MED_EXCLUDES_ONCOLOGY =
  'This excludes medical oncology and supportive care drugs, for which AIM Specialty Health® makes authorization determinations.';
const AIM_CART_NOTE =
  'Note: The Blue Cross and BCN Pharmacy departments make authorization determinations for CAR-T cell therapy drugs.';
const MED_UAW_EXCEPTION =
  'Most self-funded groups — Exception: For UAW Retiree Medical Benefits Trust non-Medicare members, prior authorization requests for some medical benefit drugs are managed by Accredo.';
const RX_LEAD =
  'For pharmacy benefit drugs, the Blue Cross and BCN Pharmacy departments make prior authorization determinations.';
const RX_SUBMIT =
  'Submit prior authorization requests for these drugs through CoverMyMeds® or another free ePA tool, such as Surescripts®.';
const RX_UAW_EXCEPTION =
  'Most self-funded groups — Exception: Prior authorization requests are managed by Express Scripts® for some members who have coverage through UAW Retiree Medical Benefits Trust.';
const AIM_LEAD =
  'Makes authorization determinations for appropriateness of care for medical oncology and supportive care drugs that are covered under the medical benefit.';
const AIM_SUBMIT = 'Submit prior authorization requests through the AIM ProviderPortal.';
const AIM_MESSA =
  'Most fully insured groups — Exception: Michigan Education Special Services Association';
const AIM_UAW =
  'Select self-funded groups — UAW Retiree Medical Benefits Trust non-Medicare members only';
const BCC = 'Blue Cross commercial';
const ALL_FI = 'All fully insured groups';
const ALL_INDIVIDUAL = 'All members with individual coverage';
const MAPB_MOST = 'Medicare Plus BlueSM — Most groups and all members with individual coverage';
const BCN_ALL =
  'BCN commercial — All fully insured groups, all self-funded groups and all members with individual coverage';
const BCNA_ALL = 'BCN AdvantageSM — All groups and all members with individual coverage';
const EREFERRALS = 'https://ereferrals.bcbsm.com/';
const OUT_OF_STATE_SEE = 'See the following documents for referral and authorization requirements.';
const ROUTER_HOWTO =
  'You can view these documents and our medical policies through the Medical Policy & Pre-Cert/Pre-Auth Router. To access the router, go to bcbsm.com/providers, click Quick Links, click Out-of-state providers and then click Medical policy, precertification and preauthorization router.';

const MEDICAL_NON_AIM = ['car-t', 'other'] as const;
const MEDICAL_AIM = ['medical-oncology', 'supportive-care'] as const;
const ALL_FUNDING = ['fully-insured', 'self-funded', 'individual'] as const;
const GROUP_FUNDING = ['fully-insured', 'self-funded'] as const;
const PHARMACY_NOVOLOGIX = {
  kind: 'route',
  vendorId: 'bcbsm-bcn-pharmacy',
  channel: 'novologix',
} as const;
const PHARMACY_EPA = {
  kind: 'route',
  vendorId: 'bcbsm-bcn-pharmacy',
  channel: 'electronic-pa',
} as const;
const AIM = {
  kind: 'route',
  vendorId: 'aim-specialty-health',
  channel: 'aim-providerportal',
} as const;
const MED_RX_SOURCES = [
  MED_LEAD,
  MED_SUBMIT,
  MED_INCLUDES_CART,
  MED_EXCLUDES_ONCOLOGY,
  AIM_CART_NOTE,
];
const RX_SOURCES = [RX_LEAD, RX_SUBMIT];
const AIM_SOURCES = [AIM_LEAD, AIM_SUBMIT];
const MED_RX_WHAT =
  'prior authorization of medical benefit drugs other than medical oncology and supportive care drugs (CAR-T cell therapy drugs included)';
const AIM_WHAT =
  'prior authorization of medical oncology and supportive care drugs covered under the medical benefit';
const RX_WHAT = 'prior authorization of pharmacy benefit drugs';

export const miUm20251Document = {
  schemaVersion: 1,
  version: 'mi-um-2025.1',
  effectiveFrom: '2025-01-01',
  effectiveTo: null,
  sourceDocument: {
    id: '000_e5baff2b9bde9ead',
    title: 'Care management and utilization management',
    publisher: 'Blue Cross Blue Shield of Michigan and Blue Care Network',
    url: EREFERRALS,
    note: 'The document carries no date of its own; effectiveFrom is the date Careflow put this version in force. The document says it is subject to change and should be accessed via ereferrals.bcbsm.com.',
  },
  vendors: [
    {
      id: 'bcbsm-bcn-pharmacy',
      name: 'Blue Cross and BCN Pharmacy departments',
      role: 'Prior authorization of medical benefit drugs (including CAR-T cell therapy, excluding medical oncology and supportive care) and of pharmacy benefit drugs.',
      source: [MED_LEAD, RX_LEAD],
    },
    {
      id: 'aim-specialty-health',
      name: 'AIM Specialty Health',
      role: 'Authorization of medical oncology and supportive care drugs covered under the medical benefit.',
      source: [AIM_LEAD],
    },
    {
      id: 'accredo',
      name: 'Accredo',
      role: 'Prior authorization of some medical benefit drugs for UAW Retiree Medical Benefits Trust non-Medicare members.',
      source: [MED_UAW_EXCEPTION],
    },
    {
      id: 'express-scripts',
      name: 'Express Scripts',
      role: 'Prior authorization of pharmacy benefit drugs for UAW Retiree Medical Benefits Trust members (Medicare Plus Blue; some Blue Cross commercial members).',
      source: [
        RX_UAW_EXCEPTION,
        'UAW Retiree Medical Benefits Trust: Prior authorization requests are handled by Express Scripts.',
      ],
    },
    {
      id: 'optumrx',
      name: 'OptumRx',
      role: "Prior authorization of pharmacy benefit drugs for Medicare Plus Blue members of the Michigan Public School Employees' Retirement System and the State of Michigan.",
      source: [
        "Michigan Public School Employees' Retirement System: Prior authorization requests are managed by OptumRx.",
        'State of Michigan: Prior authorization requests are managed by OptumRx.',
      ],
    },
  ],
  channels: [
    {
      id: 'novologix',
      name: 'NovoLogix online tool',
      instructions:
        'Submit the prior authorization request to the {vendor} through the NovoLogix online tool.',
      source: [MED_SUBMIT],
    },
    {
      id: 'electronic-pa',
      name: 'Electronic prior authorization (CoverMyMeds, Surescripts or another free ePA tool)',
      instructions:
        'Submit the prior authorization request to the {vendor} electronically through CoverMyMeds or another free ePA tool, such as Surescripts.',
      source: [RX_SUBMIT],
    },
    {
      id: 'aim-providerportal',
      name: 'AIM ProviderPortal',
      instructions:
        'Submit the prior authorization request to {vendor} through the AIM ProviderPortal.',
      source: [AIM_SUBMIT],
    },
    {
      id: 'vendor-managed',
      name: 'Managed by the vendor',
      instructions:
        'Prior authorization for this member is managed by {vendor}. The document names no submission tool for {vendor}: contact {vendor} to submit the request and obtain the authorization.',
      source: [
        'Providers are responsible for identifying the need for authorization through web-DENIS, Benefit Explainer or Provider Inquiry and for contacting vendors and obtaining authorization for services, as needed.',
      ],
    },
  ],
  groups: [
    {
      id: 'uaw-retiree-trust',
      name: 'UAW Retiree Medical Benefits Trust',
      source: [MED_UAW_EXCEPTION, RX_UAW_EXCEPTION, AIM_UAW],
    },
    {
      id: 'mpsers',
      name: "Michigan Public School Employees' Retirement System",
      source: [
        "Michigan Public School Employees' Retirement System: Prior authorization requests are managed by OptumRx.",
      ],
    },
    {
      id: 'state-of-michigan',
      name: 'State of Michigan',
      source: ['State of Michigan: Prior authorization requests are managed by OptumRx.'],
    },
    { id: 'messa', name: 'Michigan Education Special Services Association', source: [AIM_MESSA] },
  ],
  drugLists: [
    {
      id: 'uaw-accredo-medical-drugs',
      title:
        'Medical benefit drugs whose prior authorization Accredo manages for UAW Retiree Medical Benefits Trust non-Medicare members',
      complete: false,
      entries: [],
      note: 'The document says "some medical benefit drugs" without listing them. Until Pharmacy Services supplies the list, every such request goes to manual review rather than to a guessed vendor. Add the drugs here (and set complete: true once the list is exhaustive) in a new policy version.',
      source: [MED_UAW_EXCEPTION],
    },
  ],
  rules: [
    // ---- Medical benefit drugs: Blue Cross and BCN Pharmacy departments (NovoLogix) ----
    {
      id: 'med-rx.bcc.fully-insured',
      description: `For Blue Cross commercial members in fully insured groups, the Blue Cross and BCN Pharmacy departments make ${MED_RX_WHAT}.`,
      scope: 'all',
      when: {
        benefit: 'medical',
        drugCategories: [...MEDICAL_NON_AIM],
        linesOfBusiness: ['blue-cross-commercial'],
        fundingTypes: ['fully-insured'],
      },
      then: PHARMACY_NOVOLOGIX,
      source: [...MED_RX_SOURCES, BCC, ALL_FI],
    },
    {
      id: 'med-rx.bcc.self-funded',
      description: `For Blue Cross commercial members in most self-funded groups, the Blue Cross and BCN Pharmacy departments make ${MED_RX_WHAT}.`,
      scope: 'most',
      when: {
        benefit: 'medical',
        drugCategories: [...MEDICAL_NON_AIM],
        linesOfBusiness: ['blue-cross-commercial'],
        fundingTypes: ['self-funded'],
      },
      then: PHARMACY_NOVOLOGIX,
      source: [...MED_RX_SOURCES, BCC, MED_UAW_EXCEPTION],
    },
    {
      id: 'med-rx.bcc.self-funded.uaw-accredo',
      description:
        'For UAW Retiree Medical Benefits Trust non-Medicare members (Blue Cross commercial, self-funded), prior authorization requests for some medical benefit drugs are managed by Accredo; the others stay with the Blue Cross and BCN Pharmacy departments.',
      scope: 'select',
      when: {
        benefit: 'medical',
        drugCategories: [...MEDICAL_NON_AIM],
        linesOfBusiness: ['blue-cross-commercial'],
        fundingTypes: ['self-funded'],
        groupIds: ['uaw-retiree-trust'],
      },
      then: {
        kind: 'by-drug-list',
        drugListId: 'uaw-accredo-medical-drugs',
        onList: { vendorId: 'accredo', channel: 'vendor-managed' },
        offList: { vendorId: 'bcbsm-bcn-pharmacy', channel: 'novologix' },
      },
      source: [MED_UAW_EXCEPTION],
    },
    {
      id: 'med-rx.bcc.individual',
      description: `For Blue Cross commercial members with individual coverage, the Blue Cross and BCN Pharmacy departments make ${MED_RX_WHAT}.`,
      scope: 'all',
      when: {
        benefit: 'medical',
        drugCategories: [...MEDICAL_NON_AIM],
        linesOfBusiness: ['blue-cross-commercial'],
        fundingTypes: ['individual'],
      },
      then: PHARMACY_NOVOLOGIX,
      source: [...MED_RX_SOURCES, BCC, ALL_INDIVIDUAL],
    },
    {
      id: 'med-rx.mapb.groups',
      description: `For Medicare Plus Blue members in most groups, the Blue Cross and BCN Pharmacy departments make ${MED_RX_WHAT}.`,
      scope: 'most',
      when: {
        benefit: 'medical',
        drugCategories: [...MEDICAL_NON_AIM],
        linesOfBusiness: ['medicare-plus-blue'],
        fundingTypes: [...GROUP_FUNDING],
      },
      then: PHARMACY_NOVOLOGIX,
      source: [...MED_RX_SOURCES, MAPB_MOST],
    },
    {
      id: 'med-rx.mapb.individual',
      description: `For Medicare Plus Blue members with individual coverage, the Blue Cross and BCN Pharmacy departments make ${MED_RX_WHAT}.`,
      scope: 'all',
      when: {
        benefit: 'medical',
        drugCategories: [...MEDICAL_NON_AIM],
        linesOfBusiness: ['medicare-plus-blue'],
        fundingTypes: ['individual'],
      },
      then: PHARMACY_NOVOLOGIX,
      source: [...MED_RX_SOURCES, MAPB_MOST],
    },
    {
      id: 'med-rx.bcn-commercial',
      description: `For all BCN commercial members (fully insured groups, self-funded groups and individual coverage), the Blue Cross and BCN Pharmacy departments make ${MED_RX_WHAT}.`,
      scope: 'all',
      when: {
        benefit: 'medical',
        drugCategories: [...MEDICAL_NON_AIM],
        linesOfBusiness: ['bcn-commercial'],
        fundingTypes: [...ALL_FUNDING],
      },
      then: PHARMACY_NOVOLOGIX,
      source: [...MED_RX_SOURCES, BCN_ALL],
    },
    {
      id: 'med-rx.bcn-advantage',
      description: `For all BCN Advantage members (all groups and individual coverage), the Blue Cross and BCN Pharmacy departments make ${MED_RX_WHAT}.`,
      scope: 'all',
      when: {
        benefit: 'medical',
        drugCategories: [...MEDICAL_NON_AIM],
        linesOfBusiness: ['bcn-advantage'],
        fundingTypes: [...ALL_FUNDING],
      },
      then: PHARMACY_NOVOLOGIX,
      source: [...MED_RX_SOURCES, BCNA_ALL],
    },
    // ---- Medical oncology and supportive care drugs: AIM Specialty Health (AIM ProviderPortal) ----
    {
      id: 'aim.bcc.fully-insured',
      description: `For Blue Cross commercial members in most fully insured groups, AIM Specialty Health makes ${AIM_WHAT}.`,
      scope: 'most',
      when: {
        benefit: 'medical',
        drugCategories: [...MEDICAL_AIM],
        linesOfBusiness: ['blue-cross-commercial'],
        fundingTypes: ['fully-insured'],
      },
      then: AIM,
      source: [...AIM_SOURCES, BCC, AIM_MESSA],
    },
    {
      id: 'aim.bcc.fully-insured.messa',
      description:
        'AIM Specialty Health does not make medical oncology and supportive care drug determinations for the Michigan Education Special Services Association (MESSA).',
      scope: 'select',
      when: {
        benefit: 'medical',
        drugCategories: [...MEDICAL_AIM],
        linesOfBusiness: ['blue-cross-commercial'],
        fundingTypes: ['fully-insured'],
        groupIds: ['messa'],
      },
      then: {
        kind: 'no-vendor-named',
        missing:
          'The document excludes Michigan Education Special Services Association (MESSA) members from AIM Specialty Health for medical oncology and supportive care drugs and names no other vendor or department for them.',
      },
      source: [AIM_MESSA, MED_EXCLUDES_ONCOLOGY],
    },
    {
      id: 'aim.bcc.self-funded.uaw',
      description: `For UAW Retiree Medical Benefits Trust non-Medicare members (Blue Cross commercial, self-funded), AIM Specialty Health makes ${AIM_WHAT}.`,
      scope: 'select',
      when: {
        benefit: 'medical',
        drugCategories: [...MEDICAL_AIM],
        linesOfBusiness: ['blue-cross-commercial'],
        fundingTypes: ['self-funded'],
        groupIds: ['uaw-retiree-trust'],
      },
      then: AIM,
      source: [...AIM_SOURCES, BCC, AIM_UAW],
    },
    {
      id: 'aim.bcc.self-funded.other',
      description:
        'AIM Specialty Health serves only select Blue Cross commercial self-funded groups: UAW Retiree Medical Benefits Trust non-Medicare members.',
      scope: 'select',
      when: {
        benefit: 'medical',
        drugCategories: [...MEDICAL_AIM],
        linesOfBusiness: ['blue-cross-commercial'],
        fundingTypes: ['self-funded'],
      },
      then: {
        kind: 'no-vendor-named',
        missing:
          'The document names no vendor or department for medical oncology and supportive care drugs of Blue Cross commercial self-funded groups other than the UAW Retiree Medical Benefits Trust (AIM serves that group only, and the Pharmacy departments exclude these drugs).',
      },
      source: [AIM_UAW, MED_EXCLUDES_ONCOLOGY],
    },
    {
      id: 'aim.bcc.individual',
      description: `For Blue Cross commercial members with individual coverage, AIM Specialty Health makes ${AIM_WHAT}.`,
      scope: 'all',
      when: {
        benefit: 'medical',
        drugCategories: [...MEDICAL_AIM],
        linesOfBusiness: ['blue-cross-commercial'],
        fundingTypes: ['individual'],
      },
      then: AIM,
      source: [...AIM_SOURCES, BCC, ALL_INDIVIDUAL],
    },
    {
      id: 'aim.mapb',
      description: `For all Medicare Plus Blue members (all groups and individual coverage), AIM Specialty Health makes ${AIM_WHAT}.`,
      scope: 'all',
      when: {
        benefit: 'medical',
        drugCategories: [...MEDICAL_AIM],
        linesOfBusiness: ['medicare-plus-blue'],
        fundingTypes: [...ALL_FUNDING],
      },
      then: AIM,
      source: [
        ...AIM_SOURCES,
        'Medicare Plus BlueSM — All groups and all members with individual coverage',
      ],
    },
    {
      id: 'aim.bcn-commercial',
      description: `For all BCN commercial members (fully insured groups, self-funded groups and individual coverage), AIM Specialty Health makes ${AIM_WHAT}.`,
      scope: 'all',
      when: {
        benefit: 'medical',
        drugCategories: [...MEDICAL_AIM],
        linesOfBusiness: ['bcn-commercial'],
        fundingTypes: [...ALL_FUNDING],
      },
      then: AIM,
      source: [
        ...AIM_SOURCES,
        'BCN commercial — All fully insured groups, all self-funded groups and members with individual coverage',
      ],
    },
    {
      id: 'aim.bcn-advantage',
      description: `For all BCN Advantage members (all groups and individual coverage), AIM Specialty Health makes ${AIM_WHAT}.`,
      scope: 'all',
      when: {
        benefit: 'medical',
        drugCategories: [...MEDICAL_AIM],
        linesOfBusiness: ['bcn-advantage'],
        fundingTypes: [...ALL_FUNDING],
      },
      then: AIM,
      source: [...AIM_SOURCES, 'BCN AdvantageSM — All groups and members with individual coverage'],
    },
    // ---- Pharmacy benefit drugs: Blue Cross and BCN Pharmacy departments (ePA), with group exceptions ----
    {
      id: 'rx.bcc.fully-insured',
      description: `For Blue Cross commercial members in fully insured groups, the Blue Cross and BCN Pharmacy departments make ${RX_WHAT}.`,
      scope: 'all',
      when: {
        benefit: 'pharmacy',
        linesOfBusiness: ['blue-cross-commercial'],
        fundingTypes: ['fully-insured'],
        pharmacyBenefitAdministrators: [null],
      },
      then: PHARMACY_EPA,
      source: [...RX_SOURCES, BCC, ALL_FI],
    },
    {
      id: 'rx.bcc.self-funded',
      description: `For Blue Cross commercial members in most self-funded groups, the Blue Cross and BCN Pharmacy departments make ${RX_WHAT}.`,
      scope: 'most',
      when: {
        benefit: 'pharmacy',
        linesOfBusiness: ['blue-cross-commercial'],
        fundingTypes: ['self-funded'],
        pharmacyBenefitAdministrators: [null],
      },
      then: PHARMACY_EPA,
      source: [...RX_SOURCES, BCC, RX_UAW_EXCEPTION],
    },
    {
      id: 'rx.bcc.self-funded.uaw-express-scripts',
      description:
        "For some members with coverage through the UAW Retiree Medical Benefits Trust (Blue Cross commercial, self-funded), Express Scripts manages prior authorization of pharmacy benefit drugs; the member's coverage names Express Scripts as pharmacy benefit administrator.",
      scope: 'select',
      when: {
        benefit: 'pharmacy',
        linesOfBusiness: ['blue-cross-commercial'],
        fundingTypes: ['self-funded'],
        groupIds: ['uaw-retiree-trust'],
        pharmacyBenefitAdministrators: ['express-scripts'],
      },
      then: { kind: 'route', vendorId: 'express-scripts', channel: 'vendor-managed' },
      source: [RX_UAW_EXCEPTION],
    },
    {
      id: 'rx.bcc.individual',
      description: `For Blue Cross commercial members with individual coverage, the Blue Cross and BCN Pharmacy departments make ${RX_WHAT}.`,
      scope: 'all',
      when: {
        benefit: 'pharmacy',
        linesOfBusiness: ['blue-cross-commercial'],
        fundingTypes: ['individual'],
        pharmacyBenefitAdministrators: [null],
      },
      then: PHARMACY_EPA,
      source: [...RX_SOURCES, BCC, ALL_INDIVIDUAL],
    },
    {
      id: 'rx.mapb.groups',
      description: `For Medicare Plus Blue members in most groups, the Blue Cross and BCN Pharmacy departments make ${RX_WHAT}.`,
      scope: 'most',
      when: {
        benefit: 'pharmacy',
        linesOfBusiness: ['medicare-plus-blue'],
        fundingTypes: [...GROUP_FUNDING],
        pharmacyBenefitAdministrators: [null],
      },
      then: PHARMACY_EPA,
      source: [
        ...RX_SOURCES,
        'Medicare Plus BlueSM — Most groups and all members with individual coverage. Exceptions:',
      ],
    },
    {
      id: 'rx.mapb.individual',
      description: `For Medicare Plus Blue members with individual coverage, the Blue Cross and BCN Pharmacy departments make ${RX_WHAT}.`,
      scope: 'all',
      when: {
        benefit: 'pharmacy',
        linesOfBusiness: ['medicare-plus-blue'],
        fundingTypes: ['individual'],
        pharmacyBenefitAdministrators: [null],
      },
      then: PHARMACY_EPA,
      source: [
        ...RX_SOURCES,
        'Medicare Plus BlueSM — Most groups and all members with individual coverage. Exceptions:',
      ],
    },
    {
      id: 'rx.mapb.mpsers-optumrx',
      description:
        "For Medicare Plus Blue members of the Michigan Public School Employees' Retirement System, OptumRx manages prior authorization of pharmacy benefit drugs.",
      scope: 'select',
      when: {
        benefit: 'pharmacy',
        linesOfBusiness: ['medicare-plus-blue'],
        fundingTypes: [...GROUP_FUNDING],
        groupIds: ['mpsers'],
        pharmacyBenefitAdministrators: [null, 'optumrx'],
      },
      then: { kind: 'route', vendorId: 'optumrx', channel: 'vendor-managed' },
      source: [
        "Michigan Public School Employees' Retirement System: Prior authorization requests are managed by OptumRx.",
      ],
    },
    {
      id: 'rx.mapb.state-of-michigan-optumrx',
      description:
        'For Medicare Plus Blue members of the State of Michigan group, OptumRx manages prior authorization of pharmacy benefit drugs.',
      scope: 'select',
      when: {
        benefit: 'pharmacy',
        linesOfBusiness: ['medicare-plus-blue'],
        fundingTypes: [...GROUP_FUNDING],
        groupIds: ['state-of-michigan'],
        pharmacyBenefitAdministrators: [null, 'optumrx'],
      },
      then: { kind: 'route', vendorId: 'optumrx', channel: 'vendor-managed' },
      source: ['State of Michigan: Prior authorization requests are managed by OptumRx.'],
    },
    {
      id: 'rx.mapb.uaw-express-scripts',
      description:
        'For Medicare Plus Blue members of the UAW Retiree Medical Benefits Trust, Express Scripts handles prior authorization of pharmacy benefit drugs.',
      scope: 'select',
      when: {
        benefit: 'pharmacy',
        linesOfBusiness: ['medicare-plus-blue'],
        fundingTypes: [...GROUP_FUNDING],
        groupIds: ['uaw-retiree-trust'],
        pharmacyBenefitAdministrators: [null, 'express-scripts'],
      },
      then: { kind: 'route', vendorId: 'express-scripts', channel: 'vendor-managed' },
      source: [
        'UAW Retiree Medical Benefits Trust: Prior authorization requests are handled by Express Scripts.',
      ],
    },
    {
      id: 'rx.bcn-commercial',
      description: `For all BCN commercial members (fully insured groups, self-funded groups and individual coverage), the Blue Cross and BCN Pharmacy departments make ${RX_WHAT}.`,
      scope: 'all',
      when: {
        benefit: 'pharmacy',
        linesOfBusiness: ['bcn-commercial'],
        fundingTypes: [...ALL_FUNDING],
        pharmacyBenefitAdministrators: [null],
      },
      then: PHARMACY_EPA,
      source: [...RX_SOURCES, BCN_ALL],
    },
    {
      id: 'rx.bcn-advantage',
      description: `For all BCN Advantage members (all groups and individual coverage), the Blue Cross and BCN Pharmacy departments make ${RX_WHAT}.`,
      scope: 'all',
      when: {
        benefit: 'pharmacy',
        linesOfBusiness: ['bcn-advantage'],
        fundingTypes: [...ALL_FUNDING],
        pharmacyBenefitAdministrators: [null],
      },
      then: PHARMACY_EPA,
      source: [...RX_SOURCES, BCNA_ALL],
    },
  ],
  resources: [
    {
      id: 'bcbsm-medical-benefit-drugs',
      title:
        'Blue Cross Medical Benefit Drugs page on ereferrals.bcbsm.com (links to drug lists for Blue Cross commercial and Medicare Plus Blue members)',
      url: EREFERRALS,
      appliesTo: {
        vendorIds: ['bcbsm-bcn-pharmacy', 'aim-specialty-health'],
        benefits: ['medical'],
        linesOfBusiness: ['blue-cross-commercial', 'medicare-plus-blue'],
      },
      source: [
        'The Blue Cross Medical Benefit Drugs page on our ereferrals.bcbsm.com website — Includes links to drug lists for Blue Cross commercial and Medicare Plus Blue members',
      ],
    },
    {
      id: 'bcn-medical-benefit-drugs',
      title:
        'BCN Medical Benefit Drugs page on ereferrals.bcbsm.com (links to drug lists for BCN commercial and BCN Advantage members)',
      url: EREFERRALS,
      appliesTo: {
        vendorIds: ['bcbsm-bcn-pharmacy', 'aim-specialty-health'],
        benefits: ['medical'],
        linesOfBusiness: ['bcn-commercial', 'bcn-advantage'],
      },
      source: [
        'The BCN Medical Benefit Drugs page on our ereferrals.bcbsm.com website — Includes links to drug lists for BCN commercial and BCN Advantage members',
      ],
    },
    {
      id: 'bcbsm-pharmacy-benefit-drugs',
      title:
        'Blue Cross Pharmacy Benefit Drugs page on ereferrals.bcbsm.com (links to drug lists for Blue Cross commercial and Medicare Plus Blue members)',
      url: EREFERRALS,
      appliesTo: {
        vendorIds: ['bcbsm-bcn-pharmacy'],
        benefits: ['pharmacy'],
        linesOfBusiness: ['blue-cross-commercial', 'medicare-plus-blue'],
      },
      source: [
        'Blue Cross Pharmacy Benefit Drugs page on our ereferrals.bcbsm.com website — Includes links to drug lists for Blue Cross commercial and Medicare Plus Blue members',
      ],
    },
    {
      id: 'bcn-pharmacy-benefit-drugs',
      title:
        'BCN Pharmacy Benefit Drugs page on ereferrals.bcbsm.com (links to drug lists for BCN commercial and BCN Advantage members)',
      url: EREFERRALS,
      appliesTo: {
        vendorIds: ['bcbsm-bcn-pharmacy'],
        benefits: ['pharmacy'],
        linesOfBusiness: ['bcn-commercial', 'bcn-advantage'],
      },
      source: [
        'BCN Pharmacy Benefit Drugs page on our ereferrals.bcbsm.com website — Includes links to drug lists for BCN commercial and BCN Advantage members',
      ],
    },
    {
      id: 'epa-pharmacy-benefit-drugs',
      title:
        'Save time and submit your prior authorization requests electronically for pharmacy benefit drugs (document on ereferrals.bcbsm.com)',
      url: EREFERRALS,
      appliesTo: {
        vendorIds: ['bcbsm-bcn-pharmacy'],
        benefits: ['pharmacy'],
        linesOfBusiness: [
          'blue-cross-commercial',
          'medicare-plus-blue',
          'bcn-commercial',
          'bcn-advantage',
        ],
      },
      source: [
        'Save time and submit your prior authorization requests electronically for pharmacy benefit drugs document',
      ],
    },
    {
      id: 'aim-medoncology-bcbsm',
      title:
        'AIM Specialty Health medical oncology program for BCBSM and BCN (aimproviders.com/medoncology-bcbsm)',
      url: 'https://aimproviders.com/medoncology-bcbsm',
      appliesTo: {
        vendorIds: ['aim-specialty-health'],
        linesOfBusiness: [
          'blue-cross-commercial',
          'medicare-plus-blue',
          'bcn-commercial',
          'bcn-advantage',
        ],
      },
      source: ['aimproviders.com/medoncology-bcbsm'],
    },
    {
      id: 'aim-oncology-faqs',
      title: 'Oncology management program: FAQs for providers',
      url: EREFERRALS,
      appliesTo: {
        vendorIds: ['aim-specialty-health'],
        linesOfBusiness: [
          'blue-cross-commercial',
          'medicare-plus-blue',
          'bcn-commercial',
          'bcn-advantage',
        ],
      },
      source: ['Oncology management program: FAQs for providers'],
    },
    {
      id: 'bcbsm-aim-managed-procedures',
      title: 'Blue Cross AIM-managed procedures page on ereferrals.bcbsm.com',
      url: EREFERRALS,
      appliesTo: {
        vendorIds: ['aim-specialty-health'],
        linesOfBusiness: ['blue-cross-commercial', 'medicare-plus-blue'],
      },
      source: ['Blue Cross AIM-managed procedures page of our ereferrals.bcbsm.com website'],
    },
    {
      id: 'bcbsm-ppo-manual-medical-oncology',
      title:
        'Blue Cross PPO Provider Manual, Medical-Surgical Services chapter, "Medical Oncology Management Program" section (log in as a provider at bcbsm.com, then Provider Manuals)',
      url: 'https://www.bcbsm.com/',
      appliesTo: {
        vendorIds: ['aim-specialty-health'],
        linesOfBusiness: ['blue-cross-commercial'],
      },
      source: [
        'The “Medical Oncology Management Program” section in the Medical-Surgical Services chapter of the Blue Cross PPO Provider Manual',
        "To access chapters of the Blue Cross' PPO Provider Manual, log in as a provider at bcbsm.com, click the Provider Manuals link on the right and then click the Blue Cross PPO Provider Manual link.",
      ],
    },
    {
      id: 'mapb-ppo-manual-oncology',
      title: 'Medicare Plus Blue PPO Manual, "Oncology Management Program" section',
      url: 'https://www.bcbsm.com/',
      appliesTo: { vendorIds: ['aim-specialty-health'], linesOfBusiness: ['medicare-plus-blue'] },
      source: ['The “Oncology Management Program” section of the Medicare Plus Blue PPO Manual'],
    },
    {
      id: 'bcn-aim-managed-procedures',
      title: 'BCN AIM-managed procedures page on ereferrals.bcbsm.com',
      url: EREFERRALS,
      appliesTo: {
        vendorIds: ['aim-specialty-health'],
        linesOfBusiness: ['bcn-commercial', 'bcn-advantage'],
      },
      source: ['BCN AIM-managed procedures page on our ereferrals.bcbsm.com website'],
    },
    {
      id: 'bcn-manual-medical-benefit-drugs',
      title:
        'BCN Provider Manual, Pharmacy chapter, "Drugs covered under the medical benefit" section (log in as a provider at bcbsm.com, then Provider Manuals)',
      url: 'https://www.bcbsm.com/',
      appliesTo: {
        vendorIds: ['aim-specialty-health'],
        linesOfBusiness: ['bcn-commercial', 'bcn-advantage'],
      },
      source: [
        'The “Drugs covered under the medical benefit” section of the Pharmacy chapter of the BCN Provider Manual',
        'To access chapters of the BCN Provider Manual, log in as a provider at bcbsm.com, click the Provider Manuals link on the right and then click the BCN Provider Manual link.',
      ],
    },
  ],
  outOfStateResources: [
    {
      id: 'out-of-state.bcbsm-preauthorization',
      title:
        'Provider Preauthorization and Precertification Requirements (Blue Cross commercial and Medicare Plus Blue), via the Medical Policy & Pre-Cert/Pre-Auth Router: bcbsm.com/providers > Quick Links > Out-of-state providers',
      url: 'https://www.bcbsm.com/providers',
      linesOfBusiness: ['blue-cross-commercial', 'medicare-plus-blue'],
      source: [
        OUT_OF_STATE_SEE,
        'For Blue Cross commercial and Medicare Plus Blue members: Provider Preauthorization and Precertification Requirements',
        ROUTER_HOWTO,
      ],
    },
    {
      id: 'out-of-state.bcn-non-michigan',
      title:
        'Non-Michigan providers: Referral and authorization requirements (BCN commercial and BCN Advantage), via the Medical Policy & Pre-Cert/Pre-Auth Router: bcbsm.com/providers > Quick Links > Out-of-state providers',
      url: 'https://www.bcbsm.com/providers',
      linesOfBusiness: ['bcn-commercial', 'bcn-advantage'],
      source: [
        OUT_OF_STATE_SEE,
        'For BCN commercial and BCN Advantage members: Non-Michigan providers: Referral and authorization requirements',
        ROUTER_HOWTO,
      ],
    },
  ],
  providerReminder: {
    text: "Check the member's eligibility and benefits before performing services, and identify the need for authorization through web-DENIS, Benefit Explainer or Provider Inquiry.",
    source: [
      "As always, it's essential that providers check each member's eligibility and benefits prior to performing services.",
      'Providers are responsible for identifying the need for authorization through web-DENIS, Benefit Explainer or Provider Inquiry and for contacting vendors and obtaining authorization for services, as needed.',
    ],
  },
  adherenceProgram: {
    id: 'drug-adherence-discount',
    vendor: { id: 'sempre-health', name: 'Sempre Health' },
    description:
      "Drug adherence discount program: reduces members' out-of-pocket costs when they fill prescriptions for select medications as prescribed.",
    eligibleLinesOfBusiness: ['blue-cross-commercial', 'bcn-commercial'],
    eligibleFundingTypes: ['fully-insured', 'self-funded', 'individual'],
    excludedLinesOfBusiness: ['medicare-plus-blue', 'bcn-advantage'],
    pharmacyChannels: ['retail'],
    selectMedications: {
      status: 'provisional',
      note: 'The document names no medications ("select medications"). These classes (statins, renin-angiotensin system antagonists, non-insulin diabetes medications: the chronic maintenance drugs of the PQA adherence measures) are a provisional stand-in; the program\'s list comes from Pharmacy Services, which manages the Sempre Health contract. Replace it in a new policy version and set status to authoritative.',
      classes: [
        {
          id: 'statins',
          name: 'Statins (HMG-CoA reductase inhibitors)',
          genericNames: [
            'atorvastatin',
            'fluvastatin',
            'lovastatin',
            'pitavastatin',
            'pravastatin',
            'rosuvastatin',
            'simvastatin',
          ],
        },
        {
          id: 'ras-antagonists',
          name: 'Renin-angiotensin system antagonists (ACE inhibitors, ARBs, direct renin inhibitors)',
          genericNames: [
            'benazepril',
            'captopril',
            'enalapril',
            'fosinopril',
            'lisinopril',
            'moexipril',
            'perindopril',
            'quinapril',
            'ramipril',
            'trandolapril',
            'azilsartan',
            'candesartan',
            'eprosartan',
            'irbesartan',
            'losartan',
            'olmesartan',
            'telmisartan',
            'valsartan',
            'aliskiren',
          ],
        },
        {
          id: 'non-insulin-diabetes',
          name: 'Non-insulin diabetes medications',
          genericNames: [
            'metformin',
            'glipizide',
            'glimepiride',
            'glyburide',
            'pioglitazone',
            'rosiglitazone',
            'sitagliptin',
            'saxagliptin',
            'linagliptin',
            'alogliptin',
            'nateglinide',
            'repaglinide',
            'canagliflozin',
            'dapagliflozin',
            'empagliflozin',
            'ertugliflozin',
          ],
        },
      ],
      ndcPrefixes: [],
    },
    memberListContact: {
      email: 'RxQualityPrograms@bcbsm.com',
      source: [
        'To receive a list of your members who are eligible for this program, email RxQualityPrograms@bcbsm.com.',
      ],
    },
    resources: [
      {
        title: 'Sempre Health (semprehealth.com; leaves the BCBSM and BCN website)',
        url: 'https://semprehealth.com/',
        source: ['semprehealth.com'],
      },
      {
        title:
          'Save money on medicine for chronic conditions with our drug discount program (document)',
        url: 'https://www.bcbsm.com/',
        source: [
          'Save money on medicine for chronic conditions with our drug discount program document',
        ],
      },
      {
        title: 'Members save money on prescriptions with Drug Adherence Discount Program (article)',
        url: 'https://www.bcbsm.com/',
        source: [
          'Members save money on prescriptions with Drug Adherence Discount Program article',
        ],
      },
    ],
    sources: {
      eligibility: [
        'Sempre Health provides these services to the following groups and individual members:',
        'Blue Cross commercial — All fully insured groups, all self-funded groups and all members with individual coverage',
        'BCN commercial — All fully insured groups, all self-funded groups and all members with individual coverage',
      ],
      pharmacyChannels: [
        "This program applies to prescriptions that are filled at retail pharmacies. It doesn't apply to prescriptions that are filled through mail order services.",
      ],
      medicareAdvantage: ["Sempre Health doesn't provide services for Medicare Advantage members."],
      selectMedications: [
        'Offers a drug adherence discount program, which helps members save money by reducing their out-of-pocket costs when they fill prescriptions for select medications as prescribed.',
        "Pharmacy Services manages Blue Cross and BCN's contract with Sempre Health.",
      ],
    },
  },
} satisfies RoutingPolicyInput;
