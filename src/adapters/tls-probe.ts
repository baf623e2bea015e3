/**
The TLS step of a PostgreSQL connection, on its own: send SSLRequest, read the server's one-byte answer,
then handshake and report what the server presented, checked against the CA file and the host name.
*/
import net from 'node:net';
import tls from 'node:tls';

/** What the server presented and how it verified. */
export interface TlsProbeResult {
	protocol: string;
	subject: string;
	issuer: string;
	/** DNS names and IP addresses the certificate is valid for. */
	names: string[];
	validFrom: Date;
	validTo: Date;
	/** Whether the chain verifies against the CA file (undefined when no CA was given). */
	chainTrusted?: boolean;
	chainError?: string;
	/** Why the certificate does not match the host, if it does not. */
	hostnameError?: string;
	/** The extended key usages (OIDs) the certificate lists, when it lists any. */
	extKeyUsage?: string[];
}

/** The OID of the serverAuth extended key usage. */
export const SERVER_AUTH_OID = '1.3.6.1.5.5.7.3.1';

/** Why the TLS step could not even start, as a code the diagnosis understands. */
export class TlsProbeError extends Error {
	constructor(readonly code: 'NO_TLS' | 'NOT_POSTGRES' | 'HANDSHAKE' | 'CLOSED' | 'TIMEOUT', message: string, readonly failure?: {code?: string; message: string}) {
		super(message);
	}
}

// Int32 length 8, then the SSLRequest code 80877103 (PostgreSQL protocol, "SSL session encryption").
const SSL_REQUEST = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);

function formatName(name: tls.Certificate | undefined): string {
	if (!name) return '';
	return Object.entries(name).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : v}`).join(', ');
}

/** Run the probe over an already-connected socket; the socket is consumed. */
export function probeTls(socket: net.Socket, options: {host: string; ca?: string; system?: boolean; cert?: string; key?: string; passphrase?: string; timeoutMs: number}): Promise<TlsProbeResult> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			socket.destroy();
			reject(new TlsProbeError('TIMEOUT', `no TLS answer within ${options.timeoutMs / 1000} s`));
		}, options.timeoutMs);
		const fail = (error: Error) => {
			clearTimeout(timer);
			socket.destroy();
			reject(error);
		};

		socket.once('error', fail);
		// A server that closes right after accepting: say so at once, as psql does, instead of waiting.
		const closed = () => fail(new TlsProbeError('CLOSED', 'the server closed the connection unexpectedly'));
		socket.once('end', closed);
		socket.once('data', chunk => {
			socket.removeListener('end', closed);
			const answer = String.fromCharCode(chunk[0]!);
			if (answer === 'N') return fail(new TlsProbeError('NO_TLS', 'the server answered the TLS request with "no TLS"'));
			if (answer !== 'S') {
				const http = chunk.toString('latin1').startsWith('HTTP');
				return fail(new TlsProbeError('NOT_POSTGRES', http ? 'the port answered like an HTTP server' : `the port answered "${answer}", not like PostgreSQL or CockroachDB`));
			}

			socket.removeListener('error', fail);
			const secure = tls.connect({
				socket,
				servername: net.isIP(options.host) ? undefined : options.host,
				passphrase: options.passphrase,
				ca: options.ca,
				cert: options.cert,
				key: options.key,
				// We judge trust ourselves below, to report every problem rather than stop at the first.
				rejectUnauthorized: false,
			});
			secure.once('error', (error: NodeJS.ErrnoException) => fail(new TlsProbeError('HANDSHAKE', error.message, {code: error.code, message: error.message})));
			secure.once('secureConnect', () => {
				clearTimeout(timer);
				const peer = secure.getPeerCertificate(true);
				const names = (peer.subjectaltname ?? '').split(', ').filter(Boolean).map(n => n.replace(/^(DNS|IP Address):/, ''));
				const hostnameError = tls.checkServerIdentity(options.host, peer)?.message;
				const result: TlsProbeResult = {
					protocol: secure.getProtocol() ?? '',
					subject: formatName(peer.subject),
					issuer: formatName(peer.issuer),
					names,
					validFrom: new Date(peer.valid_from),
					validTo: new Date(peer.valid_to),
				};
				if (hostnameError) result.hostnameError = hostnameError;
				const eku = (peer as unknown as {ext_key_usage?: string[]}).ext_key_usage;
				if (eku) result.extKeyUsage = eku;
				// Without a CA file Node verifies against its bundled and system roots, which is what sslrootcert=system asks.
				if (options.ca || options.system) {
					result.chainTrusted = secure.authorized;
					if (!secure.authorized) result.chainError = String(secure.authorizationError);
				}

				secure.end();
				secure.destroy();
				resolve(result);
			});
		});
		socket.write(SSL_REQUEST);
	});
}
