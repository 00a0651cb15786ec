import { loadCcsrTable, loadPlannedReadmissionTable } from '@careflow/ccm-criteria';
import {
  ReferenceFileError,
  loadHcpcsReferenceFile,
  loadNdcReferenceFile,
} from '@careflow/michigan-policy';

/**
 * Validates a reference file before an operator points a service at it (the service validates it
 * again at start-up and refuses a bad one):
 *
 *   npm run -s check-reference -- hcpcs <file>   DRUG_CLASS_REFERENCE_FILE (authorization-routing)
 *   npm run -s check-reference -- ndc <file>     ADHERENCE_NDC_REFERENCE_FILE (case-management)
 *   npm run -s check-reference -- ccsr <file>    CCSR_DX_FILE (case-management)
 *   npm run -s check-reference -- pra <file>     PLANNED_READMISSION_FILE (case-management)
 *
 * Prints the file's citation and row counts, or every bad line; exits 1 on a bad file.
 */
const USAGE = 'usage: npm run -s check-reference -- hcpcs|ndc|ccsr|pra <file>';

function check(kind: string, file: string): string {
  if (kind === 'hcpcs') {
    const r = loadHcpcsReferenceFile(file);
    return `${file}: valid HCPCS drug class reference ${r.citation}: ${r.codes.size} codes, ${r.dualUse.size} dual-use, ${r.biosimilars.size} biosimilars, ${r.ranges.length} ranges, ${r.cancerDiagnoses.length} cancer-diagnosis ranges`;
  }
  if (kind === 'pra') {
    const t = loadPlannedReadmissionTable(file);
    return `${file}: valid planned readmission tables ${t.citation}`;
  }
  if (kind === 'ccsr') {
    const t = loadCcsrTable(file);
    return `${file}: valid DXCCSR table ${t.citation}: ${t.size} ICD-10-CM codes`;
  }
  const r = loadNdcReferenceFile(file);
  return `${file}: valid NDC drug reference ${r.citation}: ${r.byNdc.size} NDCs${r.header.sample ? ' (a SAMPLE file)' : ''}`;
}

function main(args: readonly string[]): number {
  const [kind, file] = args;
  if (kind === undefined || !['hcpcs', 'ndc', 'ccsr', 'pra'].includes(kind) || !file) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  try {
    process.stdout.write(`${check(kind, file)}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof ReferenceFileError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
