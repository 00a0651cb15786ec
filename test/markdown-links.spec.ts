import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(__dirname, '..');
const markdownFiles = execFileSync(
  'git',
  ['ls-files', '--cached', '--others', '--exclude-standard', '*.md'],
  {
    cwd: root,
    encoding: 'utf8',
  },
)
  .split('\n')
  .filter((file) => file !== '' && existsSync(join(root, file)));

/** `[text](target)` links and `<img src>`-free markdown: the targets that are not web addresses. */
function localTargets(markdown: string): string[] {
  const targets: string[] = [];
  for (const match of markdown.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    const target = match[1]!;
    if (/^(https?:|mailto:|#)/.test(target)) continue;
    targets.push(target.split('#')[0]!);
  }
  return targets;
}

describe('the repository stands on its own', () => {
  it('has markdown files to check', () => {
    expect(markdownFiles).toContain('README.md');
    expect(markdownFiles).toContain('docs/contract/interface.md');
  });

  it.each(markdownFiles)('%s links only to files inside the repository that exist', (file) => {
    const text = readFileSync(join(root, file), 'utf8');
    const broken = localTargets(text).filter((target) => {
      const path = resolve(root, dirname(file), decodeURIComponent(target));
      return target.startsWith('/') || relative(root, path).startsWith('..') || !existsSync(path);
    });
    expect(broken).toEqual([]);
    // A path written in backticks outside the repository is a dead link too.
    expect(text).not.toMatch(/`(\.\.\/)+shared\/|\/work\/shared/);
  });
});

describe('the copies of the shared documents', () => {
  // CI lays the project's shared folder beside the clone; where it is, the copies must match it.
  const shared = resolve(root, '..', 'shared');
  const copies: Array<[string, string]> = [
    ['docs/contract/interface.md', 'spec/interface.md'],
    ['docs/contract/flow.md', 'spec/flow.md'],
    ['docs/source-documents/000_e5baff2b9bde9ead.txt', 'seeds/000_e5baff2b9bde9ead.txt'],
    ['docs/source-documents/004_bc7f8c9b8722c25c.txt', 'seeds/004_bc7f8c9b8722c25c.txt'],
  ];
  const present = existsSync(join(shared, 'spec', 'interface.md'));

  (present ? it.each(copies) : it.skip.each(copies))('%s is the current %s', (copy, original) => {
    expect(readFileSync(join(root, copy), 'utf8')).toBe(
      readFileSync(join(shared, original), 'utf8'),
    );
  });
});
