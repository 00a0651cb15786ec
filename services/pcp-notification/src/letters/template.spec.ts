import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LETTER_KINDS, TEMPLATE_DIRECTORY } from './letter-template';
import { MISSING_VALUE, fillTemplate, parseBlocks, templateProblems } from './template';

describe('letter templates', () => {
  it('ships a valid template file for every written kind', () => {
    for (const kind of LETTER_KINDS) {
      const body = readFileSync(join(TEMPLATE_DIRECTORY, `${kind}.txt`), 'utf8');
      expect({ kind, problems: templateProblems(body) }).toEqual({ kind, problems: [] });
    }
  });

  it('refuses unknown placeholders, unclosed braces and empty templates', () => {
    expect(templateProblems('Dear {{pcp.nickname}}')).toEqual([
      'unknown placeholder {{pcp.nickname}}',
    ]);
    expect(templateProblems('Dear {{pcp.name')).toEqual([
      'a placeholder is not closed as {{name}}',
    ]);
    expect(templateProblems('  \n')).toEqual(['the template is empty']);
  });

  it('fills placeholders and prints absent values as not on file', () => {
    expect(
      fillTemplate('{{ pcp.name }} / {{pcp.fax}}', { 'pcp.name': 'Dr A', 'pcp.fax': null }),
    ).toBe(`Dr A / ${MISSING_VALUE}`);
  });

  it('splits text into headings, bullets and paragraphs', () => {
    expect(parseBlocks('# Title\nline one\nline two\n\n## Sub\n- a\n- b\ntext')).toEqual([
      { type: 'heading', text: 'Title' },
      { type: 'paragraph', lines: ['line one', 'line two'] },
      { type: 'subheading', text: 'Sub' },
      { type: 'bullet', text: 'a' },
      { type: 'bullet', text: 'b' },
      { type: 'paragraph', lines: ['text'] },
    ]);
  });
});
