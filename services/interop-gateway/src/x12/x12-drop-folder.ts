import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Clock } from '@careflow/contracts';
import { describeError } from '@careflow/messaging';
import { CLOCK, JsonLogger } from '@careflow/platform';
import type { InteropGatewayConfig } from '../config';
import { INTEROP_GATEWAY_CONFIG } from '../interop-gateway.tokens';
import { ReceiveX12InterchangeUseCase } from './use-cases/receive-x12-interchange.use-case';

/**
 * The drop folder (X12_DROP_FOLDER), where plans deliver 834 files over SFTP: each file that has
 * not changed for X12_DROP_SETTLE_MS is received like an upload, its acknowledgment written to
 * `acknowledgments/<file>.999` (or `.ta1`), and the file moved to `processed/`. A file that
 * cannot be received (the database is away) stays for the next look.
 */
@Injectable()
export class X12DropFolder implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    @Inject(INTEROP_GATEWAY_CONFIG) private readonly config: InteropGatewayConfig,
    @Inject(ReceiveX12InterchangeUseCase) private readonly receive: ReceiveX12InterchangeUseCase,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const folder = this.config.X12_DROP_FOLDER;
    if (folder === undefined) return;
    await mkdir(join(folder, 'processed'), { recursive: true });
    await mkdir(join(folder, 'acknowledgments'), { recursive: true });
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.receiveAll()
        .then(() => undefined)
        .catch((error: unknown) =>
          this.logger.warn('drop folder look failed; trying again', { ...describeError(error) }),
        )
        .finally(() => this.schedule(this.config.X12_DROP_POLL_MS));
    }, delayMs);
  }

  /** Receives every settled file of the folder, oldest name first; answers how many. */
  async receiveAll(): Promise<number> {
    const folder = this.config.X12_DROP_FOLDER;
    if (folder === undefined) return 0;
    const entries = await readdir(folder, { withFileTypes: true });
    let received = 0;
    for (const entry of entries.filter((e) => e.isFile() && !e.name.startsWith('.')).sort()) {
      if (this.stopped) break;
      const path = join(folder, entry.name);
      const info = await stat(path);
      if (this.clock.now().getTime() - info.mtimeMs < this.config.X12_DROP_SETTLE_MS) continue;
      if (info.size > this.config.X12_MAX_BYTES) {
        this.logger.warn('drop folder file larger than X12_MAX_BYTES; moved aside unread', {
          bytes: info.size,
        });
        await rename(path, join(folder, 'processed', `${entry.name}.too-large`));
        continue;
      }
      const receipt = await this.receive.execute({
        text: await readFile(path, 'utf8'),
        channel: 'drop-folder',
      });
      const suffix = receipt.kind === 'TA1' ? 'ta1' : '999';
      await writeFile(
        join(folder, 'acknowledgments', `${entry.name}.${suffix}`),
        receipt.acknowledgment,
      );
      await rename(path, join(folder, 'processed', entry.name));
      received += 1;
    }
    return received;
  }
}
