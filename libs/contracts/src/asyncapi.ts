import * as path from 'node:path';
import { z } from 'zod';
import { allTopics, topics, type AnyTopic } from './catalog';
import { sampleEventId, sampleEvents } from './fixtures';
import { memberId } from './primitives';
import {
  BINARY_CONTENT_TYPE,
  CLOUDEVENTS_SPEC_VERSION,
  DLQ_HEADERS,
  hasDeadLetterTopic,
  deadLetterTopicOf,
  STRUCTURED_CONTENT_TYPE,
} from './topic';

// The AsyncAPI 3 document (asyncapi.yaml) is generated from the catalog: the zod schemas are the
// single source of truth, and a unit test fails when the committed document drifts from them.
// Regenerate: `UPDATE_ASYNCAPI=1 npx jest --selectProjects unit libs/contracts/src/asyncapi.spec.ts`.

export type JsonSchema = { [key: string]: unknown };
export type AsyncApiDocument = { [key: string]: unknown };

/** Where asyncapi.yaml lives, from the sources (src/) and from the build (dist/) alike. */
export const asyncApiDocumentPath = path.resolve(__dirname, '..', 'asyncapi.yaml');

const KAFKA_BINDING_VERSION = '0.5.0';
const SAMPLE_TIME = '2025-06-01T12:00:00Z';
const SAMPLE_TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

/** The JSON Schema (draft-07, as AsyncAPI schemas are) of what a zod schema accepts. */
export function toJsonSchema(schema: z.ZodType): JsonSchema {
  const json = z.toJSONSchema(schema, { target: 'draft-07', io: 'input' }) as JsonSchema;
  delete json.$schema;
  return json;
}

const camel = (s: string): string =>
  s.replace(/[.-]([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const pascal = (s: string): string => camel(s).replace(/^[a-z]/, (c) => c.toUpperCase());

/** Component id of the message of a topic, from its CloudEvent type: `pa.requested` -> `paRequested`. */
export function messageIdOf(topic: Pick<AnyTopic, 'eventType'>): string {
  return camel(topic.eventType);
}
/** Component id of the schema of a topic's data: `pa.requested` -> `PaRequestedData`. */
export function payloadSchemaIdOf(topic: Pick<AnyTopic, 'eventType'>): string {
  return `${pascal(topic.eventType)}Data`;
}
/** Channel id of a topic: its short name in the catalog (`paRequests`). */
export function channelIdOf(topic: Pick<AnyTopic, 'name'>): string {
  return shortNames.get(topic.name) ?? camel(topic.name);
}
const deadLetterChannelIdOf = (topic: Pick<AnyTopic, 'name'>): string =>
  `${channelIdOf(topic)}DeadLetter`;

const shortNames = new Map<string, string>(Object.entries(topics).map(([key, t]) => [t.name, key]));

const ref = (pointer: string) => ({ $ref: pointer });
const str = (description: string, extra: JsonSchema = {}): JsonSchema => ({
  type: 'string',
  description,
  ...extra,
});

const cloudEventHeaderProperties: JsonSchema = {
  ce_id: str('CloudEvent `id`: unique per event, the idempotency key.', {
    minLength: 1,
    maxLength: 200,
  }),
  ce_source: str('CloudEvent `source`: a URI reference naming the producer.', {
    minLength: 1,
    maxLength: 500,
  }),
  ce_type: str('CloudEvent `type`.', { maxLength: 100 }),
  ce_specversion: str('CloudEvents version.', { const: CLOUDEVENTS_SPEC_VERSION }),
  ce_time: str('CloudEvent `time`, RFC 3339.', { format: 'date-time', maxLength: 40 }),
  ce_subject: str('CloudEvent `subject`: the entity the event is about (e.g. the request id).', {
    maxLength: 200,
  }),
  'content-type': str('Binary content mode: the value is the event `data` as JSON.', {
    const: BINARY_CONTENT_TYPE,
  }),
  traceparent: str('W3C Trace Context of the producer.', {
    pattern: '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$',
    maxLength: 55,
  }),
};

function headersSchemaOf(topic: AnyTopic): JsonSchema {
  const fromPlatform = topic.direction !== 'consumed';
  return {
    allOf: [
      ref(
        fromPlatform
          ? '#/components/schemas/PlatformCloudEventHeaders'
          : '#/components/schemas/CloudEventHeaders',
      ),
      { type: 'object', properties: { ce_type: { type: 'string', const: topic.eventType } } },
    ],
  };
}

function structuredEnvelopeOf(topic: AnyTopic): JsonSchema {
  return {
    type: 'object',
    description: `Structured content mode: the whole CloudEvent as JSON, \`data\` as in ${topic.name}.`,
    properties: {
      specversion: { type: 'string', const: CLOUDEVENTS_SPEC_VERSION },
      id: { type: 'string', minLength: 1, maxLength: 200 },
      source: { type: 'string', minLength: 1, maxLength: 500 },
      type: { type: 'string', const: topic.eventType },
      time: { type: 'string', format: 'date-time', maxLength: 40 },
      subject: { type: 'string', maxLength: 200 },
      datacontenttype: { type: 'string', const: BINARY_CONTENT_TYPE },
      traceparent: cloudEventHeaderProperties.traceparent,
      data: ref(`#/components/schemas/${payloadSchemaIdOf(topic)}`),
    },
    required: ['specversion', 'id', 'source', 'type', 'time', 'data'],
  };
}

function sampleSourceOf(topic: AnyTopic): string {
  const producer = topic.producedBy?.[0];
  return producer === undefined ? `/samples/${topic.name}` : `/careflow/${producer}`;
}

function examplesOf(topic: AnyTopic): JsonSchema[] {
  const samples: readonly unknown[] = sampleEvents[topic.name];
  return samples.map((payload, i) => ({
    name: `sample-${i + 1}`,
    summary: `Sample ${i + 1} from the fixtures of @careflow/contracts.`,
    headers: {
      ce_id: sampleEventId(topic.name, i),
      ce_source: sampleSourceOf(topic),
      ce_type: topic.eventType,
      ce_specversion: CLOUDEVENTS_SPEC_VERSION,
      ce_time: SAMPLE_TIME,
      'content-type': BINARY_CONTENT_TYPE,
      traceparent: SAMPLE_TRACEPARENT,
    },
    payload,
  }));
}

function servicesText(label: string, services: readonly string[] | undefined): string {
  return services !== undefined && services.length > 0 ? ` ${label}: ${services.join(', ')}.` : '';
}

const directionText: Record<AnyTopic['direction'], string> = {
  consumed: 'Public contract; published by systems outside the platform, consumed by the platform.',
  produced: 'Public contract; published by the platform.',
  internal: "Internal: between the platform's own services (not part of the public contract).",
};

/** The AsyncAPI 3.0.0 document of every topic of the catalog, as a plain object. */
export function buildAsyncApiDocument(): AsyncApiDocument {
  const channels: JsonSchema = {};
  const operations: JsonSchema = {};
  const messages: JsonSchema = {};
  const schemas: JsonSchema = {
    MemberId: { ...toJsonSchema(memberId), description: 'The member id, UTF-8: the Kafka key.' },
    CloudEventHeaders: {
      type: 'object',
      description:
        'CloudEvents Kafka binding, binary content mode: the attributes as headers, the value is `data`.',
      properties: cloudEventHeaderProperties,
      required: ['ce_id', 'ce_source', 'ce_type', 'ce_specversion', 'ce_time'],
    },
    PlatformCloudEventHeaders: {
      type: 'object',
      description: 'The headers of every event the platform emits (always binary content mode).',
      properties: cloudEventHeaderProperties,
      required: [
        'ce_id',
        'ce_source',
        'ce_type',
        'ce_specversion',
        'ce_time',
        'content-type',
        'traceparent',
      ],
    },
    DeadLetterHeaders: {
      type: 'object',
      description:
        'Why the record was dead-lettered. The original headers (ce_*, traceparent, content-type) are kept.',
      properties: {
        [DLQ_HEADERS.errorClass]: str(
          'The class of the error, e.g. EventValidationError, SyntaxError.',
          {
            maxLength: 200,
          },
        ),
        [DLQ_HEADERS.errorMessage]: str('What was wrong, e.g. `memberId: required`.', {
          maxLength: 4000,
        }),
        [DLQ_HEADERS.originalTopic]: str('The topic the record was read from.', { maxLength: 249 }),
        [DLQ_HEADERS.originalPartition]: str('Its partition (decimal).', { pattern: '^[0-9]+$' }),
        [DLQ_HEADERS.originalOffset]: str('Its offset (decimal).', { pattern: '^[0-9]+$' }),
        [DLQ_HEADERS.failedAt]: str('When processing failed, RFC 3339.', { format: 'date-time' }),
      },
      required: Object.values(DLQ_HEADERS),
    },
  };
  const kafkaKey = {
    kafka: { key: ref('#/components/schemas/MemberId'), bindingVersion: KAFKA_BINDING_VERSION },
  };

  messages.deadLetter = {
    name: 'dead-letter',
    title: 'Dead letter',
    summary:
      'A record that could not be parsed or failed validation, with the reason in its headers.',
    contentType: 'application/octet-stream',
    headers: ref('#/components/schemas/DeadLetterHeaders'),
    payload: {
      description: 'The original record value, byte for byte (it may not even be JSON).',
    },
    bindings: kafkaKey,
  };

  for (const topic of allTopics) {
    const channelId = channelIdOf(topic);
    const messageId = messageIdOf(topic);
    const schemaId = payloadSchemaIdOf(topic);
    schemas[schemaId] = { ...toJsonSchema(topic.data), description: topic.summary };
    messages[messageId] = {
      name: topic.eventType,
      title: topic.eventType,
      summary: topic.summary,
      contentType: BINARY_CONTENT_TYPE,
      headers: headersSchemaOf(topic),
      payload: ref(`#/components/schemas/${schemaId}`),
      bindings: kafkaKey,
      examples: examplesOf(topic),
    };
    const channelMessages: JsonSchema = { [messageId]: ref(`#/components/messages/${messageId}`) };
    if (topic.direction === 'consumed') {
      // The outside world may publish in either content mode of the CloudEvents Kafka binding.
      const structuredId = `${messageId}Structured`;
      messages[structuredId] = {
        name: topic.eventType,
        title: `${topic.eventType} (structured mode)`,
        summary: `${topic.summary} Structured content mode.`,
        contentType: STRUCTURED_CONTENT_TYPE,
        headers: {
          type: 'object',
          properties: { 'content-type': { type: 'string', const: STRUCTURED_CONTENT_TYPE } },
          required: ['content-type'],
        },
        payload: structuredEnvelopeOf(topic),
        bindings: kafkaKey,
      };
      channelMessages[structuredId] = ref(`#/components/messages/${structuredId}`);
    }
    channels[channelId] = {
      address: topic.name,
      title: topic.name,
      summary: topic.summary,
      description:
        `${directionText[topic.direction]} CloudEvent type \`${topic.eventType}\`; ` +
        `Kafka key: the member id.` +
        (topic.compacted === true
          ? ' Compacted: the latest event per member is kept forever.'
          : '') +
        servicesText('Produced by', topic.producedBy) +
        servicesText('Consumed by', topic.consumedBy),
      messages: channelMessages,
      bindings: {
        kafka: {
          topicConfiguration: {
            'cleanup.policy': [topic.compacted === true ? 'compact' : 'delete'],
          },
          bindingVersion: KAFKA_BINDING_VERSION,
        },
      },
    };
    const opMessages = Object.keys(channelMessages).map((id) =>
      ref(`#/channels/${channelId}/messages/${id}`),
    );
    const shortTitle = channelId.replace(/^[a-z]/, (c) => c.toUpperCase());
    if ((topic.producedBy?.length ?? 0) > 0) {
      operations[`send${shortTitle}`] = {
        action: 'send',
        channel: ref(`#/channels/${channelId}`),
        summary: `Publish ${topic.eventType} events.`,
        messages: opMessages,
      };
    }
    if (topic.direction === 'consumed' || (topic.consumedBy?.length ?? 0) > 0) {
      operations[`receive${shortTitle}`] = {
        action: 'receive',
        channel: ref(`#/channels/${channelId}`),
        summary: `Consume ${topic.eventType} events.`,
        messages: opMessages,
      };
    }
    if (hasDeadLetterTopic(topic)) {
      const dlqId = deadLetterChannelIdOf(topic);
      channels[dlqId] = {
        address: deadLetterTopicOf(topic.name),
        title: deadLetterTopicOf(topic.name),
        summary: `Dead letters of ${topic.name}.`,
        description:
          `Records of ${topic.name} that could not be parsed or failed validation, ` +
          'unchanged, with headers that say why. Processing of the topic continues.',
        messages: { deadLetter: ref('#/components/messages/deadLetter') },
        bindings: {
          kafka: {
            topicConfiguration: { 'cleanup.policy': ['delete'] },
            bindingVersion: KAFKA_BINDING_VERSION,
          },
        },
      };
      operations[`send${shortTitle}DeadLetter`] = {
        action: 'send',
        channel: ref(`#/channels/${dlqId}`),
        summary: `Dead-letter a record of ${topic.name} that cannot be processed.`,
        messages: [ref(`#/channels/${dlqId}/messages/deadLetter`)],
      };
    }
  }

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Careflow events',
      version: '1.0.0',
      description: [
        'The event contract of Careflow: the topics the platform consumes and produces (the public',
        'contract), and the internal topics between its services. Generated from @careflow/contracts',
        '(the zod schemas are the source of truth); do not edit by hand.',
        '',
        '- Every message is a CloudEvents 1.0 event. Consumers accept both content modes of the',
        '  CloudEvents Kafka binding; the platform emits binary mode (`ce_*` headers, the value is `data`).',
        '- The Kafka key is the member id, so all events of a member are ordered within a partition.',
        '- `id` is the idempotency key. `time` is RFC 3339; dates inside `data` are `YYYY-MM-DD`.',
        '- Unknown extra fields in `data` are ignored. On topics the platform publishes every field is',
        '  present, null where not applicable.',
        '- A record that cannot be parsed or fails validation goes to `<topic>.dlq` with `dlq-*` headers',
        '  that say why, and processing continues.',
      ].join('\n'),
      license: { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
    },
    defaultContentType: BINARY_CONTENT_TYPE,
    servers: {
      kafka: {
        host: '127.0.0.1:9092',
        protocol: 'kafka',
        description:
          'The development broker (`KAFKA_BROKERS` overrides it). Topics are created at start with a ' +
          'configurable partition count (default 6).',
      },
    },
    channels,
    operations,
    components: { schemas, messages },
  };
}
