import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { Parser } from '@asyncapi/parser';
import { parse, stringify } from 'yaml';
import {
  asyncApiDocumentPath,
  buildAsyncApiDocument,
  messageIdOf,
  toJsonSchema,
  type JsonSchema,
} from './asyncapi';
import { allTopicNames, allTopics, topicByName } from './catalog';
import { DLQ_HEADERS } from './topic';

// `UPDATE_ASYNCAPI=1` regenerates asyncapi.yaml from the catalog instead of checking it.
const HEADER = [
  '# Generated from the zod schemas of @careflow/contracts (src/asyncapi.ts). Do not edit by hand:',
  '# UPDATE_ASYNCAPI=1 npx jest --selectProjects unit libs/contracts/src/asyncapi.spec.ts',
  '',
].join('\n');
if (process.env.UPDATE_ASYNCAPI === '1') {
  writeFileSync(
    asyncApiDocumentPath,
    HEADER +
      stringify(buildAsyncApiDocument(), {
        // YAML 1.1 quoting: dates and times stay strings for every YAML reader.
        version: '1.1',
        lineWidth: 100,
        aliasDuplicateObjects: false,
        blockQuote: 'literal',
      }),
  );
  // The committed file is prettier-formatted (npm test checks formatting first).
  execFileSync('npx', ['prettier', '--write', asyncApiDocumentPath], { stdio: 'ignore' });
}

const yamlText = readFileSync(asyncApiDocumentPath, 'utf8');
const committed = parse(yamlText) as JsonSchema;

type Obj = { [key: string]: unknown };
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const get = (o: unknown, ...keys: string[]): unknown =>
  keys.reduce<unknown>((acc, k) => (isObj(acc) ? acc[k] : undefined), o);

/** Follows a local `$ref` ('#/components/schemas/X') in the committed document. */
function resolve(schema: unknown): unknown {
  const pointer = get(schema, '$ref');
  if (typeof pointer !== 'string') return schema;
  return resolve(get(committed, ...pointer.replace(/^#\//, '').split('/')));
}

/**
 * The shape of a JSON Schema that a consumer relies on: for every object (nested ones too, through
 * nullable `anyOf` and array items), its property names and its required ones.
 */
function shapeOf(
  schema: unknown,
  at = '$',
): Record<string, { properties: string[]; required: string[] }> {
  const s = resolve(schema);
  const out: Record<string, { properties: string[]; required: string[] }> = {};
  if (!isObj(s)) return out;
  for (const alt of [...((s.anyOf as unknown[]) ?? []), ...((s.oneOf as unknown[]) ?? [])]) {
    Object.assign(out, shapeOf(alt, at));
  }
  if (s.items !== undefined) Object.assign(out, shapeOf(s.items, `${at}[]`));
  if (isObj(s.properties)) {
    out[at] = {
      properties: Object.keys(s.properties).sort(),
      required: [...((s.required as string[]) ?? [])].sort(),
    };
    for (const [k, v] of Object.entries(s.properties)) Object.assign(out, shapeOf(v, `${at}.${k}`));
  }
  return out;
}

const channels = Object.values(get(committed, 'channels') as Obj) as Obj[];
const channelByAddress = new Map(channels.map((c) => [c.address as string, c]));

describe('asyncapi.yaml', () => {
  it('is a valid AsyncAPI 3.0.0 document', async () => {
    const { document, diagnostics } = await new Parser().parse(yamlText);
    const errors = diagnostics.filter(
      (d) => Number(d.severity) === 0 /* DiagnosticSeverity.Error */,
    );
    expect(errors.map((d) => `${d.path.join('.')}: ${d.message}`)).toEqual([]);
    expect(document).toBeDefined();
    expect(document?.version()).toBe('3.0.0');
    expect(document?.servers().get('kafka')?.host()).toBe('127.0.0.1:9092');
    expect(document?.servers().get('kafka')?.protocol()).toBe('kafka');
  });

  it('is in sync with the schemas it is generated from (regenerate with UPDATE_ASYNCAPI=1)', () => {
    // JSON round trip: the generated object holds `undefined`-free plain data, as YAML does.
    expect(committed).toEqual(JSON.parse(JSON.stringify(buildAsyncApiDocument())));
  });

  it('has a channel for every topic of the catalog and its DLQ, and nothing else', () => {
    expect([...channelByAddress.keys()].sort()).toEqual([...allTopicNames].sort());
  });

  it.each(allTopics.map((t) => [t.name, t] as const))(
    '%s: payload fields and required fields match the zod schema',
    (name, topic) => {
      const channel = channelByAddress.get(name);
      const message = resolve(get(channel, 'messages', messageIdOf(topic)));
      expect(get(message, 'name')).toBe(topic.eventType);
      const fromZod = shapeOf(toJsonSchema(topic.data));
      expect(shapeOf(get(message, 'payload'))).toEqual(fromZod);
      // And directly: the top-level required fields are the ones the zod schema requires.
      const zodRequired = Object.entries((topic.data as unknown as { shape: Obj }).shape)
        .filter(
          ([, field]) =>
            !(field as { safeParse(v: unknown): { success: boolean } }).safeParse(undefined)
              .success,
        )
        .map(([k]) => k)
        .sort();
      expect(fromZod.$?.required).toEqual(zodRequired);
    },
  );

  it.each(allTopics.map((t) => [t.name, t] as const))(
    '%s: ce_type header is the CloudEvent type, the Kafka key is the member id',
    (name, topic) => {
      const message = resolve(get(channelByAddress.get(name), 'messages', messageIdOf(topic)));
      const headers = get(message, 'headers', 'allOf') as unknown[];
      expect(get(headers[1], 'properties', 'ce_type', 'const')).toBe(topic.eventType);
      const base = resolve(headers[0]) as Obj;
      expect(Object.keys(base.properties as Obj)).toEqual(
        expect.arrayContaining([
          'ce_id',
          'ce_source',
          'ce_type',
          'ce_specversion',
          'ce_time',
          'ce_subject',
          'traceparent',
        ]),
      );
      expect(get(resolve(get(message, 'bindings', 'kafka', 'key')), 'type')).toBe('string');
    },
  );

  it('dead-letter channels carry the dlq-* headers', () => {
    const dlq = channelByAddress.get('pa.requests.v1.dlq');
    const headers = resolve(get(resolve(get(dlq, 'messages', 'deadLetter')), 'headers')) as Obj;
    expect(headers.required).toEqual([
      'dlq-error-class',
      'dlq-error-message',
      'dlq-original-topic',
      'dlq-original-partition',
      'dlq-original-offset',
      'dlq-failed-at',
    ]);
    expect(Object.keys(headers.properties as Obj)).toEqual(Object.values(DLQ_HEADERS));
  });

  it('has a receive operation for consumed topics and a send operation for produced ones', () => {
    const ops = Object.values(get(committed, 'operations') as Obj) as Obj[];
    const actionsOf = (name: string) =>
      ops
        .filter((op) => get(resolve(op.channel), 'address') === name)
        .map((op) => op.action)
        .sort();
    for (const topic of allTopics) {
      if (topic.direction === 'consumed') expect(actionsOf(topic.name)).toContain('receive');
      else expect(actionsOf(topic.name)).toContain('send');
    }
    expect(actionsOf('eligibility.member-coverage.v1')).toEqual(['receive', 'send']);
    expect(actionsOf('pa.requests.v1.dlq')).toEqual(['send']);
  });

  it('marks the member coverage topic compacted', () => {
    const channel = channelByAddress.get('eligibility.member-coverage.v1');
    expect(get(channel, 'bindings', 'kafka', 'topicConfiguration', 'cleanup.policy')).toEqual([
      'compact',
    ]);
    expect(topicByName('eligibility.member-coverage.v1').compacted).toBe(true);
  });
});
