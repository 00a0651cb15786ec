// npm run k8s:render -- --out <dir> [--params <file.json>]: validated YAML of every object.
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { render, write } from './manifests.js';
import { ParametersError, loadParameters } from './parameters.js';
import { errorText } from '@careflow/contracts';

function main(): void {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      params: {
        type: 'string',
        default: fileURLToPath(new URL('../parameters.example.json', import.meta.url)),
      },
    },
  });
  if (!values.out) throw new ParametersError('usage: render --out <dir> [--params <file.json>]');
  const parameters = loadParameters(values.params);
  const count = write(render(parameters), values.out);
  process.stdout.write(
    `rendered ${count} objects for namespace ${parameters.namespace} to ${values.out}\n`,
  );
}

try {
  main();
} catch (error) {
  process.stderr.write(`${errorText(error)}\n`);
  process.exitCode = 1;
}
