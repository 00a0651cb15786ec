import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pcpNotificationIssuedSamples } from '@careflow/contracts';
import { letterValues } from './letter-content';
import { fontMetricsCached, renderLetterPdf } from './letter-pdf';
import { fillTemplate, parseBlocks } from './template';
import { TEMPLATE_DIRECTORY } from './letter-template';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const parsePdf = require('pdf-parse/lib/pdf-parse.js') as (
  data: Uint8Array,
) => Promise<{ text: string }>;

/**
 * pdf-parse gets a plain Uint8Array copy: its pdf.js (1.10) misreads a Node Buffer's objects at
 * shifted offsets ("bad XRef entry") in some processes and not in others, which made this spec
 * depend on what ran before it.
 */
const pdfParse = (pdf: Buffer): Promise<{ text: string }> => parsePdf(new Uint8Array(pdf));

describe('renderLetterPdf', () => {
  const body = readFileSync(join(TEMPLATE_DIRECTORY, 'enrollment-notice.txt'), 'utf8');
  const sample = pcpNotificationIssuedSamples[0];

  it('renders a readable PDF every time', async () => {
    for (let i = 0; i < 10; i += 1) {
      const values = letterValues({
        program: {
          planName: 'Plan',
          programName: 'Program',
          providerServicesPhone: '800-555-0100',
          planAddress: '1 Plan Way, Detroit, MI 48226',
          timeZone: 'America/Detroit',
        },
        date: new Date(Date.UTC(2025, 5, 18)),
        memberId: `M-${i}`,
        member: { name: 'Jane Doe', birthDate: '1950-02-03' },
        caseId: sample.caseId,
        criteriaMet: ['major-trauma'],
        pcp: { npi: '1457389201', name: 'Alan Reyes, MD', phone: null, fax: null, address: null },
        coverage: null,
        caseManager: sample.caseManager,
      });
      const pdf = await renderLetterPdf({
        blocks: parseBlocks(fillTemplate(body, values)),
        footer: `ntf-${i} · template enrollment-notice v1`,
        title: 't',
        createdAt: new Date(Date.UTC(2025, 5, 18)),
      });
      const text = (await pdfParse(pdf)).text;
      expect(text).toContain(`Member ID: M-${i}`);
    }
    // pdf.js loads and parses ten letters: slow on a loaded shared machine, not a failure.
  }, 30_000);

  it('parses the standard font metrics once and still renders the same letter to the same bytes', async () => {
    expect(fontMetricsCached).toBe(true);
    const input = {
      blocks: parseBlocks(
        '# Heading\n\nA paragraph with kerning pairs: AVAT Wo Ty.\n\n- a bullet\n## Sub\ntext',
      ),
      footer: 'ntf-x · template enrollment-notice v1',
      title: 't',
      createdAt: new Date(Date.UTC(2025, 5, 18)),
    };
    const first = await renderLetterPdf(input);
    const second = await renderLetterPdf(input);
    expect(second.equals(first)).toBe(true);
    const text = (await pdfParse(first)).text;
    expect(text).toContain('A paragraph with kerning pairs: AVAT Wo Ty.');
    expect(text).toContain('Heading');
  });
});
