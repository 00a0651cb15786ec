import { topicByName } from '@careflow/contracts';

/** Checks generated data against the topic's contract schema, so a generator bug never reaches a DLQ unnoticed. */
export function assertValid(topic: string, samples: readonly unknown[]): void {
  const definition = topicByName(topic);
  if (!definition) throw new Error(`unknown topic ${topic}`);
  for (const sample of samples) {
    const parsed = definition.data.safeParse(sample);
    if (!parsed.success)
      throw new Error(
        `generated ${topic} data breaks the contract: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')} in ${JSON.stringify(sample)}`,
      );
  }
}
