import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { connect as connectTls } from 'node:tls';
import { mllpFrame, MllpDecoder } from '@careflow/interop-mapping';

const SAMPLES = join(__dirname, '../../../docs/samples/hl7');

/** One MLLP connection: sends bytes, reads the acknowledgments in order. */
export class MllpClient {
  private readonly decoder = new MllpDecoder(1024 * 1024);
  private readonly answers: string[] = [];
  private waiting: (() => void) | undefined;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (data: Buffer) => {
      this.answers.push(...this.decoder.push(data).frames);
      this.waiting?.();
    });
  }

  static async open(port: number, tlsCa?: Buffer): Promise<MllpClient> {
    const socket =
      tlsCa === undefined
        ? connect(port, '127.0.0.1')
        : connectTls({ port, host: '127.0.0.1', ca: tlsCa, servername: 'localhost' });
    await new Promise<void>((resolve, reject) => {
      socket.once(tlsCa === undefined ? 'connect' : 'secureConnect', resolve);
      socket.once('error', reject);
    });
    return new MllpClient(socket);
  }

  write(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** Sends one message and answers its acknowledgment's segments. */
  async send(message: string): Promise<string[]> {
    this.write(mllpFrame(message));
    return this.next();
  }

  async next(): Promise<string[]> {
    while (this.answers.length === 0) {
      if (this.socket.destroyed) throw new Error('the gateway closed the connection');
      await new Promise<void>((resolve) => (this.waiting = resolve));
    }
    return this.answers.shift()!.split('\r');
  }

  close(): void {
    this.socket.destroy();
  }
}

export async function sample(name: string, memberId: string, controlId: string): Promise<string> {
  return (await readFile(join(SAMPLES, name), 'utf8'))
    .trimEnd()
    .replace(/\n/g, '\r')
    .replaceAll('SAMPLEHL7A01', memberId)
    .replace(/^((?:[^|\r]*\|){9})[^|\r]*/, `$1${controlId}`);
}

export const newId = () => randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase();
