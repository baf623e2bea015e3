/**
Loopback stand-ins for each region's SQL endpoint (a region's latency cannot exist here): each listens on its
own 127.0.0.x address, answers the pgwire SSLRequest with 'N' after its own delay — or never — and records
what it was asked.
*/
import net from 'node:net';

/** One region's stand-in. */
export interface RegionListener {
	host: string;
	/** The 8-byte requests it received, hex. */
	requests: string[];
	close(): Promise<void>;
}

/** Listen on host:port; reply 'N' to the SSLRequest after delayMs (undefined: never reply). */
export async function startRegionListener(host: string, port: number, delayMs: number | undefined): Promise<RegionListener> {
	const requests: string[] = [];
	const sockets = new Set<net.Socket>();
	const server = net.createServer(socket => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => {});
		socket.once('data', data => {
			requests.push(data.toString('hex'));
			if (delayMs !== undefined) setTimeout(() => socket.end('N'), delayMs);
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => resolve());
	});
	return {
		host,
		requests,
		close: () => new Promise(resolve => {
			for (const s of sockets) s.destroy();
			server.close(() => resolve());
		}),
	};
}
