import PDFDocument from 'pdfkit';
import type { LetterBlock } from './template';

/**
 * pdfkit reads and parses the AFM metrics of a standard font (Helvetica, Helvetica-Bold) in every
 * new document: about two thirds of the time a one-page letter takes. The metrics never change,
 * so the parsed tables are kept per font file and shared (pdfkit only reads them after parsing).
 * pdfkit does not export its AFM class; it is reached through a probe document, and when its shape
 * is not the expected one (another pdfkit version) nothing is patched and letters render as before.
 */
function cacheStandardFontMetrics(): boolean {
  const probe = new PDFDocument({ autoFirstPage: false }) as unknown as {
    _font?: { font?: { constructor?: { prototype?: Record<string, unknown> } } };
  };
  const proto = probe._font?.font?.constructor?.prototype;
  const parse = proto?.['parse'];
  if (!proto || typeof parse !== 'function') return false;
  const tables = ['attributes', 'glyphWidths', 'boundingBoxes', 'kernPairs', 'kerning'] as const;
  type Parsed = Record<(typeof tables)[number], unknown>;
  const parsed = new Map<string, Parsed>();
  proto['parse'] = function parseOnce(this: Parsed, contents: string): void {
    const known = parsed.get(contents);
    if (known) {
      for (const table of tables) this[table] = known[table];
      return;
    }
    (parse as (this: Parsed, contents: string) => void).call(this, contents);
    // Kerning by left then right glyph: pdfkit's lookup builds a `left\0right` string per glyph
    // pair and looks it up among ~2,700 keys (a sixth of a letter's time).
    const kerning = new Map<string, Map<string, number>>();
    for (const [pair, value] of Object.entries(this.kernPairs as Record<string, number>)) {
      const [left = '', right = ''] = pair.split('\0');
      const row = kerning.get(left) ?? new Map<string, number>();
      row.set(right, value);
      kerning.set(left, row);
    }
    this.kerning = kerning;
    parsed.set(contents, {
      attributes: this.attributes,
      glyphWidths: this.glyphWidths,
      boundingBoxes: this.boundingBoxes,
      kernPairs: this.kernPairs,
      kerning,
    });
  };
  if (typeof proto['getKernPair'] === 'function') {
    proto['getKernPair'] = function getKernPair(
      this: { kerning: Map<string, Map<string, number>> },
      left: string,
      right: string | undefined,
    ): number {
      return (right === undefined ? undefined : this.kerning.get(left)?.get(right)) || 0;
    };
  }
  return true;
}

/** Whether the font metrics are parsed once per process (see cacheStandardFontMetrics). */
export const fontMetricsCached = cacheStandardFontMetrics();

export interface LetterPdfInput {
  readonly blocks: readonly LetterBlock[];
  /** Printed in the footer of each page, e.g. `NTF-… · template enrollment-notice v3`. */
  readonly footer: string;
  readonly title: string;
  /** Fixed document dates make the same letter render to the same bytes. */
  readonly createdAt: Date;
}

/** Renders a letter's blocks to a PDF (Helvetica, US Letter, one-inch margins). */
export function renderLetterPdf(input: LetterPdfInput): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'LETTER',
    // Uncompressed content streams: pdfkit 0.17's deflated streams trip older readers (pdf.js
    // 1.x reports "bad XRef entry"), and a one-page text letter is small either way.
    compress: false,
    margins: { top: 72, bottom: 72, left: 72, right: 72 },
    bufferPages: true,
    info: {
      Title: input.title,
      Creator: 'Careflow pcp-notification',
      Producer: 'Careflow',
      CreationDate: input.createdAt,
      ModDate: input.createdAt,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - 144;
  for (const block of input.blocks) {
    switch (block.type) {
      case 'heading':
        doc.moveDown(0.6).font('Helvetica-Bold').fontSize(15).text(block.text, { width });
        doc.moveDown(0.3);
        break;
      case 'subheading':
        doc.moveDown(0.5).font('Helvetica-Bold').fontSize(11.5).text(block.text, { width });
        doc.moveDown(0.2);
        break;
      case 'bullet':
        doc
          .font('Helvetica')
          .fontSize(10.5)
          .text(`\u2022  ${block.text}`, { width: width - 14, indent: 0 });
        break;
      case 'paragraph':
        doc.moveDown(0.4).font('Helvetica').fontSize(10.5).text(block.lines.join('\n'), {
          width,
          lineGap: 1.5,
        });
        break;
    }
  }
  const pages = doc.bufferedPageRange();
  for (let i = 0; i < pages.count; i += 1) {
    doc.switchToPage(pages.start + i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('Helvetica')
      .fontSize(8)
      .fillColor('#555555')
      .text(`${input.footer} · page ${i + 1} of ${pages.count}`, 72, doc.page.height - 48, {
        width,
        align: 'center',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
    doc.fillColor('black');
  }
  doc.end();
  return done;
}
