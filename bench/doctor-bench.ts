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

/**
How fast each failure gets its verdict (refused, unknown host, blackhole, a server that hangs after login,
a server that closes at once), each against its bound, and the client-certificate-rejected case run
`runs` times through the real binary: every run must end with exit 1 and the verdict on stdout.
*/
export async function benchDoctorVerdicts(runs: number, binaryRuns: number): Promise<{timings: Record<string, number>; timeoutMs: number; alert: {runs: number; verdicts: number; exitCodes: Record<string, number>; silent: number}}> {
	const {execFileSync, spawn, execFile} = await import('node:child_process');
	const {mkdtempSync, writeFileSync, chmodSync} = await import('node:fs');
	const os = await import('node:os');
	const path = await import('node:path');
	const {startCloudProxy} = await import('../test/helpers/cloud-proxy.js');
	const server = await startPgServer();
	const timeoutMs = 1000;
	const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-doctor-'));
	const blackhole = spawn('python3', ['-c', 'import socket,sys,time\ns=socket.socket();s.bind(("127.0.0.1",0));s.listen(0)\nc=socket.socket();c.connect(s.getsockname())\nprint(s.getsockname()[1],flush=True)\ntime.sleep(600)']);
	const slammer = net.createServer(socket => socket.destroy());
	await new Promise<void>(r => slammer.listen(0, '127.0.0.1', r));
	let proxy: Awaited<ReturnType<typeof startCloudProxy>> | undefined;
	try {
		createPasswordUser(server, 'bench', 'bench password');
		const blackholePort = await new Promise<number>(r => blackhole.stdout!.once('data', d => r(Number(String(d).trim()))));
		proxy = await startCloudProxy({tenants: [{routingId: 'slow-dog-789', backendPort: server.port, hangAfterLogin: true}]});
		const url = (host: string, port: number, ca = server.caCert) => `postgresql://bench@${host}:${port}/defaultdb?sslmode=verify-full&sslrootcert=${ca}`;
		const loopback = async () => ['127.0.0.1'];
		const closed = await freePort();
		const timings = {
			refused: await time(runs, () => runDoctor(url('localhost', closed), 'bench password', {timeoutMs})),
			unknown: await time(runs, () => runDoctor(url('no-such-cluster.example', server.port), 'bench password', {timeoutMs, resolve: async host => {
				throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), {code: 'ENOTFOUND'});
			}})),
			closedAtOnce: await time(runs, () => runDoctor(url('localhost', (slammer.address() as net.AddressInfo).port), 'bench password', {timeoutMs})),
			blackhole: await time(Math.min(runs, 5), () => runDoctor(url('localhost', blackholePort), 'bench password', {timeoutMs})),
			hungAfterLogin: await time(Math.min(runs, 5), () => runDoctor(url('slow-dog-789.gcp-us-east1.cockroachlabs.cloud', proxy!.port, proxy!.caCert), 'bench password', {timeoutMs, resolve: loopback})),
		};

		// A client certificate from a CA the server does not trust: the server answers with a TLS alert.
		const run = (args: string[]) => execFileSync('openssl', args, {cwd: dir, stdio: 'pipe'});
		run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'other.key', '-out', 'other.crt', '-days', '2', '-subj', '/CN=Other CA']);
		run(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'client.key', '-out', 'client.csr', '-subj', '/CN=bench']);
		writeFileSync(path.join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
		run(['x509', '-req', '-in', 'client.csr', '-CA', 'other.crt', '-CAkey', 'other.key', '-CAcreateserial', '-out', 'client.crt', '-days', '1', '-extfile', 'client.ext']);
		chmodSync(path.join(dir, 'client.key'), 0o600);
		const target = `${url('127.0.0.1', server.port)}&sslcert=${dir}/client.crt&sslkey=${dir}/client.key`;
		const exitCodes: Record<string, number> = {};
		let verdicts = 0;
		let silent = 0;
		for (let i = 0; i < binaryRuns; i++) {
			const json = i % 2 === 0;
			const result = await new Promise<{code: number; stdout: string}>(resolve => {
				execFile(process.execPath, ['bin/crdb-connect.js', 'doctor', '--url-env', 'U', '--password-env', 'PW', '--timeout', '5s', ...(json ? ['--json'] : [])], {env: {...process.env, U: target, PW: 'bench password'}, timeout: 30_000}, (error, stdout) => {
					resolve({code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout});
				});
			});
			exitCodes[result.code] = (exitCodes[result.code] ?? 0) + 1;
			if (result.stdout.trim() === '') silent++;
			if (result.code === 1 && /rejected your client certificate \(unknown ca\)/.test(result.stdout)) verdicts++;
		}

		return {timings, timeoutMs, alert: {runs: binaryRuns, verdicts, exitCodes, silent}};
	} finally {
		blackhole.kill();
		slammer.close();
		proxy?.close();
		stopPgServer(server);
	}
}
