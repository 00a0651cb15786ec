import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { topicByName, errorText, sampleEvents, type TopicName } from '@careflow/contracts';
import { createKafkaClient, RawPublisher, type PublishableEvent } from '@careflow/messaging';
import { JsonLogger, kafkaConnectionFromEnv } from '@careflow/platform';

const usage = `Publishes CloudEvents to Careflow's Kafka topics, as an upstream system would.

  npm run publish-events -- <topic> <file.json> [--structured]
  npm run publish-events -- --samples

<file.json> holds one event's data or an array of them; an element may also be
{ "id": "...", "data": {...} } to choose the CloudEvent id (the idempotency key).
The key is the data's memberId and the type is the topic's. KAFKA_BROKERS picks the broker;
KAFKA_SECURITY_PROTOCOL, KAFKA_SSL_* and KAFKA_SASL_* connect as the services do (e.g. as the
source-pa-portals principal over the SASL_SSL listener: see infra/README.md).`;

interface FileEntry {
  id?: string;
  data?: unknown;
}

function toEvents(
  topic: TopicName,
  entries: readonly unknown[],
  structured: boolean,
): PublishableEvent[] {
  const definition = topicByName(topic);
  return entries.map((entry) => {
    const wrapped = entry as FileEntry;
    const data = wrapped.data !== undefined ? wrapped.data : entry;
    const parsed = definition.data.safeParse(data);
    if (!parsed.success) {
      // Still publishable on purpose (to watch the DLQ), but say so.
      process.stderr.write(
        `warning: an event does not match ${topic}; it will go to ${topic}.dlq\n`,
      );
    }
    const memberId = (data as { memberId?: unknown }).memberId;
    return {
      ...(wrapped.id !== undefined ? { id: wrapped.id } : {}),
      type: definition.eventType,
      key: typeof memberId === 'string' ? memberId : '',
      data,
      mode: structured ? 'structured' : 'binary',
    };
  });
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      samples: { type: 'boolean' },
      structured: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help || (!values.samples && positionals.length !== 2)) {
    process.stdout.write(`${usage}\n`);
    process.exit(values.help ? 0 : 2);
  }
  const publisher = new RawPublisher(
    createKafkaClient(
      kafkaConnectionFromEnv('publish-events'),
      new JsonLogger('publish-events', 'warn'),
    ),
  );
  try {
    const batches: [TopicName, readonly unknown[]][] = values.samples
      ? (Object.entries(sampleEvents) as [TopicName, readonly unknown[]][]).filter(
          ([name]) => topicByName(name).direction === 'consumed',
        )
      : [
          [
            positionals[0] as TopicName,
            [JSON.parse(readFileSync(positionals[1]!, 'utf8')) as unknown].flat(),
          ],
        ];
    for (const [topic, entries] of batches) {
      if (!topicByName(topic)) throw new Error(`unknown topic "${topic}"`);
      const ids = await publisher.publish(
        topic,
        toEvents(topic, entries, values.structured === true),
      );
      process.stdout.write(`${topic}: published ${ids.length} event(s)\n`);
    }
  } finally {
    await publisher.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${errorText(error)}\n`);
  process.exit(1);
});
