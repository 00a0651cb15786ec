/**
 * Letter templates: plain text the program edits without a release. One block per line:
 * `# ` a heading, `## ` a subheading, `- ` a bullet, an empty line ends a paragraph, anything
 * else is text. `{{name}}` inserts a value from the letter's data; only the names below exist,
 * so a template that asks for anything else is refused when it is saved.
 */
export const TEMPLATE_FIELDS = {
  date: 'Letter date',
  'plan.name': 'Health plan name',
  'program.name': 'Program name',
  'providerServices.phone': 'Provider Services phone',
  'plan.address': 'Health plan address (letterhead)',
  'pcp.name': 'PCP or practice name',
  'pcp.npi': 'PCP NPI',
  'pcp.address': 'Practice address (one line)',
  'pcp.phone': 'Practice phone',
  'pcp.fax': 'Practice fax',
  'member.id': 'Member id',
  'member.name': 'Member name (first and last)',
  'member.birthDate': 'Member date of birth',
  'member.plan': 'Line of business',
  'member.group': 'Employer or group',
  'member.coveredSince': 'Start of current coverage',
  'case.id': 'Case id',
  'case.criteria': 'Enrollment criteria met (comma-separated)',
  'caseManager.name': 'Case manager name',
  'caseManager.phone': 'Case manager phone',
  'caseManager.email': 'Case manager email',
  'update.summary': 'Clinical status update text',
  'update.recordedAt': 'When the update was recorded',
  'update.recordedBy': 'Who recorded the update',
  'update.conditionChanged': 'Whether the condition changed (sentence)',
} as const;
export type TemplateField = keyof typeof TEMPLATE_FIELDS;
export type TemplateValues = Partial<Record<TemplateField, string | null>>;

export type LetterBlock =
  | { readonly type: 'heading'; readonly text: string }
  | { readonly type: 'subheading'; readonly text: string }
  | { readonly type: 'bullet'; readonly text: string }
  | { readonly type: 'paragraph'; readonly lines: readonly string[] };

const PLACEHOLDER = /\{\{\s*([A-Za-z.]+)\s*\}\}/g;
export const MISSING_VALUE = '(not on file)';
export const MAX_TEMPLATE_LENGTH = 20000;

/** The problems of a template body; empty when it can be saved. */
export function templateProblems(body: string): string[] {
  const problems: string[] = [];
  if (body.trim().length === 0) problems.push('the template is empty');
  if (body.length > MAX_TEMPLATE_LENGTH)
    problems.push(`the template is longer than ${MAX_TEMPLATE_LENGTH} characters`);
  for (const match of body.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? '';
    if (!(name in TEMPLATE_FIELDS)) problems.push(`unknown placeholder {{${name}}}`);
  }
  const unclosed = body.replace(PLACEHOLDER, '').match(/\{\{|\}\}/);
  if (unclosed) problems.push('a placeholder is not closed as {{name}}');
  return [...new Set(problems)];
}

/** Fills the placeholders; an absent value prints as "(not on file)". */
export function fillTemplate(body: string, values: TemplateValues): string {
  return body.replace(PLACEHOLDER, (_, name: string) => {
    const value = values[name as TemplateField];
    return value === undefined || value === null || value === '' ? MISSING_VALUE : value;
  });
}

/** Splits filled text into the blocks the PDF renders. */
export function parseBlocks(text: string): LetterBlock[] {
  const blocks: LetterBlock[] = [];
  let paragraph: string[] = [];
  const endParagraph = (): void => {
    if (paragraph.length) blocks.push({ type: 'paragraph', lines: paragraph });
    paragraph = [];
  };
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trimEnd();
    if (line.trim() === '') endParagraph();
    else if (line.startsWith('## ')) {
      endParagraph();
      blocks.push({ type: 'subheading', text: line.slice(3).trim() });
    } else if (line.startsWith('# ')) {
      endParagraph();
      blocks.push({ type: 'heading', text: line.slice(2).trim() });
    } else if (line.startsWith('- ')) {
      endParagraph();
      blocks.push({ type: 'bullet', text: line.slice(2).trim() });
    } else paragraph.push(line.trim());
  }
  endParagraph();
  return blocks;
}
