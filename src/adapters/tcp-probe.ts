/** Open a TCP connection, telling a refused port from a silent one; the probe and the doctor share it. */
import net from 'node:net';
import {describeConnectError, type ConnectTarget, type HostOrigin} from '../core/connect-errors.js';

/** How long a probe waits before it calls the path blocked. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 5000;
/** How long one statement after a login may wait for its answer (a server that stalls after logging us in). */
export const STATEMENT_TIMEOUT_MS = 10_000;

/**
Connect to host:port and resolve with the open socket, or reject with a one-line diagnosis about `target`
(the name the person gave, which may differ from the address dialled). With `raw`, rejects with the
error's code and message instead, for a caller that classifies it itself.
*/
export function connectSocket(options: {host: string; port: number; timeoutMs: number; target: ConnectTarget; lookup?: net.LookupFunction; raw?: boolean}): Promise<net.Socket> {
	return new Promise((resolve, reject) => {
		// `lookup` lets tests answer name resolution without asking a real DNS server.
		const socket = net.connect(options.lookup ? {host: options.host, port: options.port, lookup: options.lookup} : {host: options.host, port: options.port});
		const fail = (code: string | undefined, message: string) => {
			socket.destroy();
			// The code stays on the described error: a caller may act on what failed (a name that does not resolve).
			reject(options.raw ? {code, message} : Object.assign(new Error(describeConnectError({code, message}, options.target)), {code}));
		};

		socket.setTimeout(options.timeoutMs, () => fail('TIMEOUT', 'timeout'));
		socket.once('error', (error: NodeJS.ErrnoException) => fail(error.code, error.message));
		socket.once('connect', () => {
			socket.setTimeout(0);
			resolve(socket);
		});
	});
}

/** Connect to host:port and close again; resolves with the "ip:port" reached. `origin` (where the host came from) picks the advice on failure. */
export async function probeTcp(host: string, port: number, timeoutMs = DEFAULT_CONNECT_TIMEOUT_MS, lookup?: net.LookupFunction, origin?: HostOrigin): Promise<{address: string}> {
	const socket = await connectSocket({host, port, timeoutMs, target: {host, port, origin}, lookup});
	const address = `${socket.remoteAddress}:${socket.remotePort}`;
	socket.end();
	socket.destroy();
	return {address};
}
