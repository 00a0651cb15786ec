import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { parseArgs } from 'node:util';
import { errorText } from '@careflow/contracts';
import { mllpFrame, MllpDecoder } from '@careflow/interop-mapping';

const usage = `Sends an HL7 v2 message (ADT^A03, ORU^R01) to the interop gateway's MLLP listener, as a
hospital's interface engine would, and prints the ACK it answers (segments one a line).

  npm run send-hl7 -- <file.hl7> [--host 127.0.0.1] [--port 2575] [--timeout-ms 30000]
                                 [--tls-ca <ca.pem>]

With --tls-ca it speaks MLLP over TLS, trusting the listener's certificate signed by that CA.

Line ends in the file (LF or CRLF) become the carriage returns HL7 separates segments with.
Exits 0 on AA, 2 on AE or AR, 1 on an error or no answer.`;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: process.env.MLLP_PORT ?? '2575' },
      'timeout-ms': { type: 'string', default: '30000' },
      'tls-ca': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  const file = positionals[0];
  if (values.help || file === undefined || positionals.length !== 1) {
    process.stdout.write(`${usage}\n`);
    process.exitCode = values.help ? 0 : 1;
    return;
  }
  const message = readFileSync(file, 'utf8').trimEnd().replace(/\r?\n/g, '\r');
  const port = Number(values.port);
  const tlsCa = values['tls-ca'];
  const socket =
    tlsCa === undefined
      ? connect(port, values.host)
      : connectTls({ port, host: values.host, ca: readFileSync(tlsCa) });
  const decoder = new MllpDecoder(16 * 1024 * 1024);
  const acknowledgment = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('no acknowledgment in time')),
      Number(values['timeout-ms']),
    );
    socket.once(tlsCa === undefined ? 'connect' : 'secureConnect', () =>
      socket.write(mllpFrame(message)),
    );
    socket.on('data', (data: Buffer) => {
      const [first] = decoder.push(data).frames;
      if (first === undefined) return;
      clearTimeout(timer);
      resolve(first);
    });
    socket.once('error', reject);
    socket.once('close', () => reject(new Error('the gateway closed the connection unanswered')));
  }).finally(() => socket.destroy());
  process.stdout.write(`${acknowledgment.split('\r').join('\n')}\n`);
  const code = /^MSA\|([A-Z]{2})/m.exec(acknowledgment.replace(/\r/g, '\n'))?.[1];
  if (code !== 'AA') process.exitCode = 2;
}

main().catch((error: unknown) => {
  process.stderr.write(`${errorText(error)}\n`);
  process.exit(1);
});
