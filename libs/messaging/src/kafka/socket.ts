import { connect } from 'node:net';
import type { ISocketFactory } from 'kafkajs';

/** kafkajs' own keep-alive delay for broker connections. */
const KEEP_ALIVE_DELAY_MS = 60_000;

/**
 * kafkajs' plaintext socket factory plus TCP_NODELAY, which kafkajs never sets (Node sockets
 * default to Nagle's algorithm). With Nagle, a request written while an earlier one on the same
 * connection is still unacknowledged (a fetch parked by the broker, a produce in flight) waits
 * for that ACK, which the peer's delayed-ACK timer can hold for 40 ms: a latency spike on small
 * request/response traffic. Kafka's broker and Java client disable Nagle, as librdkafka does by
 * default since 2025 and node-postgres does for our database connections.
 */
export const noDelaySocketFactory: ISocketFactory = ({ host, port, onConnect }) => {
  const socket = connect({ host, port, noDelay: true }, onConnect);
  socket.setKeepAlive(true, KEEP_ALIVE_DELAY_MS);
  return socket;
};
