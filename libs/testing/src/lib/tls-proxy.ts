import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:tls';
import { promisify } from 'node:util';
import { TcpProxy } from './tcp-proxy';

export interface TestCertificates {
  /** The temporary folder holding every file below; the caller removes it. */
  readonly dir: string;
  /** The private CA's certificate (PEM), what a client must trust (NODE_EXTRA_CA_CERTS). */
  readonly caFile: string;
  /** The server's key and certificate (PEM), signed by that CA, for `localhost` and `127.0.0.1`. */
  readonly key: string;
  readonly cert: string;
}

/**
 * A private CA and a server certificate it signed, made by the `openssl` CLI as an operator would, so the
 * test trusts a CA the way a deployment does rather than through a Node-only shortcut. On failure the
 * folder is removed here; on success the caller removes it.
 */
export async function createTestCertificates(): Promise<TestCertificates> {
  const dir = await mkdtemp(join(tmpdir(), 'vh-tls-'));
  const file = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => promisify(execFile)('openssl', args);
  const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  try {
    await openssl(
      'req',
      '-x509',
      ...ecKey,
      '-keyout',
      file('ca-key.pem'),
      '-out',
      file('ca.pem'),
      '-days',
      '1',
      '-subj',
      '/CN=ValidaHub test CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
    );
    await openssl(
      'req',
      ...ecKey,
      '-keyout',
      file('server-key.pem'),
      '-out',
      file('server.csr'),
      '-subj',
      '/CN=localhost',
    );
    await writeFile(file('server.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
    await openssl(
      'x509',
      '-req',
      '-in',
      file('server.csr'),
      '-CA',
      file('ca.pem'),
      '-CAkey',
      file('ca-key.pem'),
      '-CAcreateserial',
      '-days',
      '1',
      '-extfile',
      file('server.ext'),
      '-out',
      file('server.pem'),
    );
    return {
      dir,
      caFile: file('ca.pem'),
      key: await readFile(file('server-key.pem'), 'utf8'),
      cert: await readFile(file('server.pem'), 'utf8'),
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * A TcpProxy that terminates TLS: clients speak TLS to it, it speaks plain TCP to the target, which lets a
 * test run `rediss://` against a Redis that has no TLS of its own.
 */
export class TlsProxy extends TcpProxy {
  /** Completed TLS handshakes: proof that clients really came through TLS. */
  handshakes = 0;

  constructor(
    targetHost: string,
    targetPort: number,
    private readonly credentials: { readonly key: string; readonly cert: string },
  ) {
    super(targetHost, targetPort);
  }

  protected override listener(onClient: (client: Socket) => void): Server {
    return createServer({ key: this.credentials.key, cert: this.credentials.cert }, (client) => {
      this.handshakes++;
      onClient(client);
    });
  }
}
