/** Open and close a TCP connection, telling a refused port from a silent one. */
import net from 'node:net';
import {describeConnectError} from '../core/connect-errors.js';

/** How long a probe waits before it calls the path blocked. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 5000;

/** Connect to host:port; resolves with "ip:port" reached, rejects with a one-line diagnosis. */
export function probeTcp(host: string, port: number, timeoutMs = DEFAULT_CONNECT_TIMEOUT_MS, lookup?: net.LookupFunction): Promise<{address: string}> {
	return new Promise((resolve, reject) => {
		// `lookup` lets tests answer name resolution without asking a real DNS server.
		const socket = net.connect(lookup ? {host, port, lookup} : {host, port});
		const fail = (code: string | undefined, message: string) => {
			socket.destroy();
			reject(new Error(describeConnectError({code, message}, {host, port})));
		};

		socket.setTimeout(timeoutMs, () => fail('TIMEOUT', 'timeout'));
		socket.once('error', (error: NodeJS.ErrnoException) => fail(error.code, error.message));
		socket.once('connect', () => {
			const address = `${socket.remoteAddress}:${socket.remotePort}`;
			socket.end();
			socket.destroy();
			resolve({address});
		});
	});
}
