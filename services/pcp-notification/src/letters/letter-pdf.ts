import PDFDocument from 'pdfkit';
import type { LetterBlock } from './template';

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
