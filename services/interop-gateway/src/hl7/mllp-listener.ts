import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Clock } from '@careflow/contracts';
import {
  hl7Acknowledgment,
  HL7_INTERNAL_ERROR,
  mllpFrame,
  MllpDecoder,
  parseHl7,
} from '@careflow/interop-mapping';
import { describeError } from '@careflow/messaging';
import { CLOCK, JsonLogger } from '@careflow/platform';
import type { InteropGatewayConfig } from '../config';
import { INTEROP_GATEWAY_CONFIG } from '../interop-gateway.tokens';
import { InteropMetrics } from '../metrics/interop.metrics';
import { ReceiveHl7MessageUseCase } from './use-cases/receive-hl7-message.use-case';

/** Frames read ahead of their answers on one connection before it is read no further. */
const MAX_PENDING_FRAMES = 64;

/**
 * The HL7 v2 MLLP listener (MLLP_PORT): each frame is received in order of arrival on its
 * connection and answered with its ACK before the next is read. Bad input never closes the
 * connection: bytes outside frames and frames cut short are discarded, everything framed is
 * answered. When the message cannot be processed now (the database is away) it is answered AR
 * with 207 (application internal error), so the sender sends it again; its MSH-10 memory makes
 * that safe.
 */
@Injectable()
export class MllpListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(
    @Inject(INTEROP_GATEWAY_CONFIG) private readonly config: InteropGatewayConfig,
    @Inject(ReceiveHl7MessageUseCase) private readonly receive: ReceiveHl7MessageUseCase,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
    @Inject(InteropMetrics) private readonly metrics: InteropMetrics,
  ) {}

  /** The bound port (MLLP_PORT, or the one the system chose for 0). */
  get port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? this.config.MLLP_PORT;
  }

  async onApplicationBootstrap(): Promise<void> {
    const server = this.createServer();
    server.on('error', (error) => this.logger.error('mllp listener failed', describeError(error)));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.config.MLLP_PORT, this.config.MLLP_HOST, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.logger.log('mllp listener started', { port: this.port });
  }

  /** TLS when MLLP_TLS_CERT_FILE and MLLP_TLS_KEY_FILE are set (both or neither), else TCP. */
  private createServer(): Server {
    const { MLLP_TLS_CERT_FILE: certFile, MLLP_TLS_KEY_FILE: keyFile } = this.config;
    if ((certFile === undefined) !== (keyFile === undefined))
      throw new Error('set both MLLP_TLS_CERT_FILE and MLLP_TLS_KEY_FILE, or neither');
    if (certFile === undefined || keyFile === undefined)
      return createServer((socket) => this.serve(socket));
    const server = createTlsServer(
      { cert: readFileSync(certFile), key: readFileSync(keyFile), minVersion: 'TLSv1.2' },
      (socket) => this.serve(socket),
    );
    server.on('tlsClientError', (error) =>
      this.logger.warn('mllp tls handshake failed', describeError(error)),
    );
    return server;
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    for (const socket of this.sockets) socket.end();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const socket of this.sockets) socket.destroy();
    });
  }

  private serve(socket: Socket): void {
    this.sockets.add(socket);
    socket.setNoDelay(true);
    const decoder = new MllpDecoder(this.config.MLLP_MAX_BYTES);
    let queue: Promise<void> = Promise.resolve();
    let pending = 0;
    socket.on('data', (data: Buffer) => {
      const { frames, discardedBytes } = decoder.push(data);
      if (discardedBytes > 0) this.logger.warn('mllp bytes discarded', { bytes: discardedBytes });
      for (const frame of frames) {
        pending += 1;
        // A sender that does not wait for its ACKs is read no further until the backlog drains.
        if (pending >= MAX_PENDING_FRAMES) socket.pause();
        queue = queue.then(async () => {
          const acknowledgment = await this.answer(frame);
          pending -= 1;
          if (!socket.destroyed) {
            socket.write(mllpFrame(acknowledgment));
            if (pending < MAX_PENDING_FRAMES / 2 && socket.isPaused()) socket.resume();
          }
        });
      }
    });
    socket.on('error', (error) => this.logger.warn('mllp connection failed', describeError(error)));
    socket.on('close', () => this.sockets.delete(socket));
  }

  private async answer(frame: string): Promise<string> {
    try {
      return (await this.receive.execute({ text: frame })).acknowledgment;
    } catch (error) {
      this.logger.error('hl7 message not processed', describeError(error));
      const at = this.clock.now();
      const received = parseHl7(frame)?.header;
      this.metrics.hl7(received && `${received.messageType}^${received.triggerEvent}`, 'AR');
      return hl7Acknowledgment({
        received,
        code: 'AR',
        errors: [{ code: HL7_INTERNAL_ERROR }],
        controlId: String(at.getTime()),
        at,
        application: this.config.HL7_APPLICATION,
      });
    }
  }
}
