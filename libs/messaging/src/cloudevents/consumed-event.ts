/** A decoded and validated CloudEvent as handlers see it. */
export interface ConsumedEvent<TData = unknown> {
  readonly id: string;
  readonly source: string;
  readonly type: string;
  /** RFC 3339; the Kafka timestamp when the producer set no `time`. */
  readonly time: string;
  readonly subject: string | undefined;
  readonly data: TData;
  /** The Kafka key: the member id. */
  readonly key: string;
  readonly traceparent: string | undefined;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}
