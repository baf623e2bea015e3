/**
Loopback stand-ins for each region's SQL endpoint (a region's latency cannot exist here): each listens on its
own 127.0.0.x address, answers the pgwire SSLRequest with 'N' after its own delay — or never — and records
what it was asked.
*/
import net from 'node:net';
import {addCluster, makeCluster, type CloudState} from './cloud-api-server.js';

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

/** A multi-region cluster put into the Cloud stand-in, and the stand-ins of its slow and silent regions. */
export interface MeasuredCluster {
	id: string;
	/** The primary region's stand-in (answers after slowMs) and the silent one's. */
	slow: RegionListener;
	silent: RegionListener;
	close(): Promise<void>;
}

/**
Add a three-region cluster whose regions answer at different speeds: the primary us-east-1 is a stand-in on
slowHost answering after slowMs, eu-west-1 is the real PostgreSQL server on 127.0.0.1 (it answers at once, and
psql can open there: its certificate names 127.0.0.1), ap-south-1 a stand-in on silentHost that never answers.
All on `port`, the real server's, as a cluster's regions share the SQL port.
*/
export async function addMeasuredCluster(state: CloudState, options: {id: string; name: string; port: number; slowHost: string; silentHost: string; slowMs: number}): Promise<MeasuredCluster> {
	const slow = await startRegionListener(options.slowHost, options.port, options.slowMs);
	const silent = await startRegionListener(options.silentHost, options.port, undefined);
	const cluster = makeCluster({id: options.id, name: options.name, plan: 'STANDARD', cloud: 'AWS', regions: ['us-east-1', 'eu-west-1', 'ap-south-1']});
	const hosts = [options.slowHost, '127.0.0.1', options.silentHost];
	(cluster.regions as Array<{sql_dns: string}>).forEach((region, i) => {
		region.sql_dns = hosts[i]!;
	});
	addCluster(state, cluster);
	return {id: options.id, slow, silent, close: async () => {
		await Promise.all([slow.close(), silent.close()]);
	}};
}
