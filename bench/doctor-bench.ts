/**
Doctor timings against a real PostgreSQL server started here, as ratios to a bare TCP connect and a
direct `pg` connect measured in the same run. Bundled and run by bench/run.mjs.
*/
import {readFileSync} from 'node:fs';
import net from 'node:net';
import {performance} from 'node:perf_hooks';
import pg from 'pg';
import {runDoctor} from '../src/doctor/checks.js';
import {createPasswordUser, freePort, startPgServer, stopPgServer} from '../test/helpers/pg-server.js';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function time(runs: number, fn: () => Promise<unknown>): Promise<number> {
	await fn();
	const times: number[] = [];
	for (let i = 0; i < runs; i++) {
		const started = performance.now();
		await fn();
		times.push(performance.now() - started);
	}

	return median(times);
}

/** Median milliseconds for each scenario. */
export async function benchDoctor(runs: number): Promise<Record<string, number>> {
	const server = await startPgServer();
	try {
		createPasswordUser(server, 'bench', 'bench password');
		const url = `postgresql://bench@localhost:${server.port}/defaultdb?sslmode=verify-full&sslrootcert=${server.caCert}`;
		const closed = await freePort();
		const tcp = await time(runs, () => new Promise<void>((resolve, reject) => {
			const socket = net.connect({host: '127.0.0.1', port: server.port}, () => {
				socket.destroy();
				resolve();
			});
			socket.once('error', reject);
		}));
		const direct = await time(runs, async () => {
			const client = new pg.Client({host: 'localhost', port: server.port, user: 'bench', password: 'bench password', database: 'defaultdb', ssl: {ca: readFileSync(server.caCert, 'utf8')}});
			await client.connect();
			await client.query('SELECT version()');
			await client.end();
		});
		const healthy = await time(runs, () => runDoctor(url, 'bench password', {timeoutMs: 5000}));
		const refused = await time(runs, () => runDoctor(url.replace(`:${server.port}/`, `:${closed}/`), 'bench password', {timeoutMs: 5000}));
		// No DNS server may be asked here: a resolver that knows no names stands in for the NXDOMAIN answer.
		const unknown = await time(runs, () => runDoctor(url.replace('@localhost:', '@no-such-cluster.example:'), 'bench password', {
			timeoutMs: 5000,
			resolve: async host => {
				throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), {code: 'ENOTFOUND'});
			},
		}));
		return {tcp, direct, healthy, refused, unknown};
	} finally {
		stopPgServer(server);
	}
}
