// kafkajs keeps its table of Kafka protocol errors out of its typed public API; this declares the
// part `kafka-log.ts` reads (kafkajs 2.2.4, pinned by the lock file; a spec checks it is there).
declare module 'kafkajs/src/protocol/error' {
  export const errorCodes: readonly {
    readonly type: string;
    readonly code: number;
    readonly retriable: boolean;
    readonly message: string;
  }[];
}
