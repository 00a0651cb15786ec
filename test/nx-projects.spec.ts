import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

// npm test builds, lints and unit-tests through the Nx task graph (scripts/test.sh): a file
// outside every project, or a project without those targets, would silently skip lint and tests.
const root = join(__dirname, '..');
const tracked = execFileSync('git', ['ls-files', '*.ts'], { cwd: root, encoding: 'utf8' })
  .split('\n')
  .filter(Boolean);

function projectOf(file: string): string | undefined {
  for (let dir = dirname(file); dir !== '.'; dir = dirname(dir))
    if (existsSync(join(root, dir, 'project.json'))) return dir;
  return undefined;
}

describe('Nx projects', () => {
  it('hold every TypeScript file of the repository', () => {
    expect(tracked.filter((file) => projectOf(file) === undefined)).toEqual([]);
  });

  it('each have the lint and unit-test targets run by npm test', () => {
    const projects = [...new Set(tracked.map(projectOf))].filter((p): p is string => !!p);
    const missing = projects.flatMap((dir) => {
      const targets = (
        JSON.parse(readFileSync(join(root, dir, 'project.json'), 'utf8')) as {
          targets?: Record<string, unknown>;
        }
      ).targets;
      return ['lint', 'test'].filter((t) => !targets?.[t]).map((t) => `${dir}: ${t}`);
    });
    expect(missing).toEqual([]);
  });
});
