import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createTcpServer, Socket, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, TLSSocket, type ConnectionOptions } from 'node:tls';
import { noDelaySocketFactory } from './socket';

// A throw-away CA and a server certificate for 127.0.0.1 and localhost, made with openssl (the
// broker script needs it too), so that no key is ever committed.
const dir = mkdtempSync(join(tmpdir(), 'kafka-socket-spec-'));
const path = (name: string): string => join(dir, name);
function openssl(...args: string[]): void {
  execFileSync('openssl', args, { stdio: 'ignore' });
}
function makeCa(name: string): void {
  openssl(
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-days',
    '1',
    '-subj',
    `/CN=${name}`,
    '-keyout',
    path(`${name}.key`),
    '-out',
    path(`${name}.pem`),
  );
}

let server: Server;
let port: number;
const serverNames: (string | false | null)[] = [];
const sockets: Socket[] = [];

beforeAll(async () => {
  makeCa('ca');
  makeCa('other-ca');
  openssl(
    'req',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-subj',
    '/CN=localhost',
    '-keyout',
    path('server.key'),
    '-out',
    path('server.csr'),
  );
  writeFileSync(path('server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  openssl(
    'x509',
    '-req',
    '-in',
    path('server.csr'),
    '-CA',
    path('ca.pem'),
    '-CAkey',
    path('ca.key'),
    '-CAcreateserial',
    '-days',
    '1',
    '-extfile',
    path('server.ext'),
    '-out',
    path('server.pem'),
  );
  server = createServer(
    { key: readFileSync(path('server.key')), cert: readFileSync(path('server.pem')) },
    (socket) => {
      serverNames.push(socket.servername);
      socket.end('kafka?');
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterEach(() => {
  for (const socket of sockets.splice(0)) socket.destroy();
  jest.restoreAllMocks();
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

/** Connects through the factory; resolves with the socket once kafkajs' onConnect would run. */
function connect(host: string, ssl: ConnectionOptions | undefined, to = port): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket: Socket = noDelaySocketFactory({
      host,
      port: to,
      ssl: ssl as ConnectionOptions,
      onConnect: () => resolve(socket),
    });
    sockets.push(socket);
    socket.once('error', reject);
  });
}

describe('noDelaySocketFactory', () => {
  const ca = (): string => readFileSync(path('ca.pem'), 'utf8');

  it('opens a verified TLS connection with TCP_NODELAY and keep-alive', async () => {
    const noDelay = jest.spyOn(Socket.prototype, 'setNoDelay');
    const keepAlive = jest.spyOn(Socket.prototype, 'setKeepAlive');
    const socket = await connect('127.0.0.1', { ca: ca(), rejectUnauthorized: true });
    expect(socket).toBeInstanceOf(TLSSocket);
    expect((socket as TLSSocket).authorized).toBe(true);
    expect(noDelay).toHaveBeenCalledWith(true);
    expect(keepAlive).toHaveBeenCalledWith(true, 60_000);
    const greeting = await new Promise<string>((resolve) =>
      socket.once('data', (data: Buffer) => resolve(data.toString())),
    );
    expect(greeting).toBe('kafka?');
  });

  it('sends the host name as SNI, never an IP address', async () => {
    serverNames.length = 0;
    await connect('localhost', { ca: ca() });
    await connect('127.0.0.1', { ca: ca() });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(serverNames).toEqual(['localhost', false]);
  });

  it('refuses a broker whose certificate another CA signed', async () => {
    await expect(
      connect('127.0.0.1', { ca: readFileSync(path('other-ca.pem'), 'utf8') }),
    ).rejects.toThrow(/self[- ]signed|unable to (get|verify)/i);
  });

  it('accepts kafkajs` `ssl: true` (TLS with the default options)', async () => {
    // The public CAs do not know this server: the handshake is attempted and verification fails.
    await expect(connect('127.0.0.1', true as unknown as ConnectionOptions)).rejects.toThrow(
      /self[- ]signed|unable to (get|verify)/i,
    );
  });

  it('stays plain TCP without ssl', async () => {
    const plain = createTcpServer((s) => s.end());
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    const noDelay = jest.spyOn(Socket.prototype, 'setNoDelay');
    const socket = await connect('127.0.0.1', undefined, (plain.address() as AddressInfo).port);
    expect(socket).not.toBeInstanceOf(TLSSocket);
    expect(noDelay).toHaveBeenCalledWith(true);
    await new Promise((resolve) => plain.close(resolve));
  });
});
