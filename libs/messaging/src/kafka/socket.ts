import { connect, isIP } from 'node:net';
import { connect as connectTls } from 'node:tls';
import type { ISocketFactory } from 'kafkajs';

/** kafkajs' own keep-alive delay for broker connections. */
const KEEP_ALIVE_DELAY_MS = 60_000;

/**
 * kafkajs' socket factory (plaintext or TLS) plus TCP_NODELAY, which kafkajs never sets (Node
 * sockets default to Nagle's algorithm). With Nagle, a request written while an earlier one on the
 * same connection is still unacknowledged (a fetch parked by the broker, a produce in flight)
 * waits for that ACK, which the peer's delayed-ACK timer can hold for 40 ms: a latency spike on
 * small request/response traffic. Kafka's broker and Java client disable Nagle, as librdkafka
 * does by default since 2025 and node-postgres does for our database connections.
 *
 * With `ssl` (the client's TLS options), the connection is TLS with SNI set to the broker's host
 * name (never to an IP address, which SNI forbids), as kafkajs' own factory does; the certificate
 * is verified against that host or IP.
 */
export const noDelaySocketFactory: ISocketFactory = ({ host, port, ssl, onConnect }) => {
  const socket = ssl
    ? connectTls(
        {
          host,
          port,
          ...(isIP(host) === 0 ? { servername: host } : {}),
          // kafkajs passes `true` for TLS without options.
          ...(typeof ssl === 'object' ? ssl : {}),
        },
        onConnect,
      )
    : connect({ host, port, noDelay: true }, onConnect);
  // Set before the connection exists: Node applies both once it is open (TLS included).
  socket.setNoDelay(true);
  socket.setKeepAlive(true, KEEP_ALIVE_DELAY_MS);
  return socket;
};
