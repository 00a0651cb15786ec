// Integration tests talk to the real broker and database started by scripts/test.sh.
process.env.KAFKA_BROKERS ??= '127.0.0.1:9092';
process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/careflow_test';
process.env.AUTH_JWT_SECRET ??= 'integration-test-secret-at-least-32-chars';
process.env.LOG_LEVEL ??= 'warn';
