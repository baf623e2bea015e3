import net from 'node:net';
import {describe, expect, it} from 'vitest';
import {probeTcp} from '../../src/adapters/tcp-probe.js';
import {freePort} from '../helpers/pg-server.js';

describe('probeTcp', () => {
	it('reaches a listening loopback port', async () => {
		const server = net.createServer(socket => socket.destroy());
		await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
		const {port} = server.address() as net.AddressInfo;
		await expect(probeTcp('127.0.0.1', port)).resolves.toEqual({address: `127.0.0.1:${port}`});
		server.close();
	});

	it('says a closed port refused the connection', async () => {
		const port = await freePort();
		await expect(probeTcp('127.0.0.1', port)).rejects.toThrow(`127.0.0.1:${port} refused the connection: nothing listens there`);
	});

	it('says a name that does not resolve does not resolve (resolver answered locally)', async () => {
		const lookup: net.LookupFunction = (hostname, _options, callback) => {
			const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {code: 'ENOTFOUND'});
			(callback as (e: Error) => void)(error);
		};
		await expect(probeTcp('no-such-cluster.invalid', 26257, 1000, lookup)).rejects.toThrow('cannot resolve the host name "no-such-cluster.invalid"');
		// The code stays on the error: the wizard blames the host alone for it.
		await expect(probeTcp('no-such-cluster.invalid', 26257, 1000, lookup)).rejects.toMatchObject({code: 'ENOTFOUND'});
	});
});
