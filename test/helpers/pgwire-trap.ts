/**
A hostile pgwire server on loopback: it refuses TLS, asks every client for its password in clear text
(AuthenticationCleartextPassword), records what it got, then fails the login. It stands in for a server a
replayed profile could point at; tests assert it received nothing.
*/
import net from 'node:net';

/** The running trap. */
export interface PgwireTrap {
	port: number;
	/** TCP connections accepted (a reachability probe counts). */
	connections: number;
	/** Startup messages seen (user names), and passwords received. */
	users: string[];
	passwords: string[];
	close(): Promise<void>;
}

/** How the trap fails the login once it got a password (default: 28P01 "password authentication failed"). */
export interface TrapOptions {
	code?: string;
	message?: string;
}

/** Start the trap on 127.0.0.1 (a free port). */
export async function startPgwireTrap(options: TrapOptions = {}): Promise<PgwireTrap> {
	const trap: PgwireTrap = {port: 0, connections: 0, users: [], passwords: [], close: async () => {}};
	const server = net.createServer(socket => {
		trap.connections++;
		let buffer = Buffer.alloc(0);
		let started = false;
		socket.on('error', () => {});
		socket.on('data', chunk => {
			buffer = Buffer.concat([buffer, chunk]);
			for (;;) {
				if (!started) {
					if (buffer.length < 8) return;
					const length = buffer.readInt32BE(0);
					if (buffer.length < length) return;
					const code = buffer.readInt32BE(4);
					const body = buffer.subarray(8, length);
					buffer = buffer.subarray(length);
					// SSLRequest or GSSENCRequest: say no, the client may go on in clear text.
					if (code === 80_877_103 || code === 80_877_104) {
						socket.write('N');
						continue;
					}

					started = true;
					const fields = body.toString('utf8').split('\0');
					const user = fields[fields.indexOf('user') + 1];
					if (user) trap.users.push(user);
					// AuthenticationCleartextPassword.
					const ask = Buffer.alloc(9);
					ask.write('R', 0);
					ask.writeInt32BE(8, 1);
					ask.writeInt32BE(3, 5);
					socket.write(ask);
					continue;
				}

				if (buffer.length < 5) return;
				const length = buffer.readInt32BE(1);
				if (buffer.length < 1 + length) return;
				const type = String.fromCharCode(buffer[0]!);
				const body = buffer.subarray(5, 1 + length);
				buffer = buffer.subarray(1 + length);
				if (type === 'p') {
					trap.passwords.push(body.toString('utf8').replace(/\0$/, ''));
					const message = Buffer.from(`SFATAL\0C${options.code ?? '28P01'}\0M${options.message ?? 'password authentication failed'}\0\0`);
					const error = Buffer.alloc(5);
					error.write('E', 0);
					error.writeInt32BE(4 + message.length, 1);
					socket.end(Buffer.concat([error, message]));
					return;
				}
			}
		});
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	trap.port = (server.address() as net.AddressInfo).port;
	trap.close = () => new Promise(resolve => server.close(() => resolve()));
	return trap;
}
