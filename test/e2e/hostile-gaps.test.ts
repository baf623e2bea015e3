/**
Gaps an independent review found after issue 11 (notes/verify.md), each through the real binary against a
stand-in that behaves as the peer does: a hostile pgwire server that asks for a clear-text password and
records it, a server whose error text holds escape sequences, the spec-checking Cloud API server.
*/
import {execFileSync} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {lstatSync, mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, inject, it} from 'vitest';
import {makeCluster, startCloudApiServer, startIpService, type CloudApiServer} from '../helpers/cloud-api-server.js';
import {createPasswordUser} from '../helpers/pg-server.js';
import {runCli} from '../helpers/cli.js';
import {startPgwireTrap} from '../helpers/pgwire-trap.js';
import {scanTexts, scanTree} from '../helpers/secret-scan.js';
import {allowSecretIn, registerSecrets} from '../helpers/secret-ledger.js';

const RUN = randomBytes(4).toString('hex');
const ENV_PASSWORD = `pgpassword-env-SECRET-${RUN}`;
const FILE_PASSWORD = `pgpass-file-SECRET-${RUN}`;
registerSecrets(ENV_PASSWORD, FILE_PASSWORD);
const tmp = (what: string) => mkdtempSync(path.join(os.tmpdir(), `crdb-gaps-${what}-`));

/** A HOME whose ~/.pgpass (0600, as libpq wants it) holds a wildcard line for every host. */
function homeWithPgpass(): string {
	const home = tmp('home');
	writeFileSync(path.join(home, '.pgpass'), `*:*:*:*:${FILE_PASSWORD}\n`, {mode: 0o600});
	allowSecretIn(path.join(home, '.pgpass'));
	return home;
}

describe('implicit passwords (PGPASSWORD, ~/.pgpass) never leave unasked', () => {
	const certProfile = (port: number) => ({kind: 'crdb-connect-profile', version: 1, answers: {source: 'host', host: '127.0.0.1', port, user: 'victim', auth: 'cert', sslmode: 'disable', database: 'defaultdb', output: 'url'}});

	for (const wrap of ['profile', 'doctor report'] as const) {
		it(`a replayed ${wrap} with auth cert, run with --yes, sends neither $PGPASSWORD nor a ~/.pgpass line to the host it names`, async () => {
			const trap = await startPgwireTrap();
			try {
				for (const source of ['PGPASSWORD', '~/.pgpass'] as const) {
					const home = homeWithPgpass();
					const file = path.join(home, 'from-customer.json');
					const profile = certProfile(trap.port);
					writeFileSync(file, JSON.stringify(wrap === 'profile' ? profile : {kind: 'crdb-connect-report', version: 1, checks: [], profile}));
					const env = {HOME: home, ...(source === 'PGPASSWORD' ? {PGPASSWORD: ENV_PASSWORD} : {})};
					const before = trap.users.length;
					const result = await runCli(['--profile', file, '--yes', '--no-launch'], {env});
					// The server asked (the trap always does), and got a refusal instead of a password.
					expect(trap.users.length).toBeGreaterThan(before);
					expect(trap.passwords).toEqual([]);
					expect(result.code).not.toBe(0);
					// The certificate the profile names is not sent without TLS: said so, not "no password was given".
					expect(result.stderr).toContain(`the client certificate ${path.join(home, '.cockroach-certs', 'client.victim.crt')} was not sent: a certificate goes only over TLS, and sslmode=disable turns TLS off (the server then asked for a password)`);
					expect(result.stderr).not.toContain('none was given');
					expect(scanTexts({out: result.stdout + result.stderr}, [ENV_PASSWORD, FILE_PASSWORD])).toEqual([]);
				}
			} finally {
				await trap.close();
			}
		});
	}

	it('doctor never reads ~/.pgpass, and names PGPASSWORD (its documented libpq fallback) before the login', async () => {
		const trap = await startPgwireTrap();
		try {
			const home = homeWithPgpass();
			const url = `postgresql://victim@127.0.0.1:${trap.port}/db?sslmode=disable`;
			const noPassword = await runCli(['doctor', url], {env: {HOME: home, PGPASSWORD: ''}});
			expect(noPassword.code).toBe(1);
			expect(noPassword.stdout).toContain('the server asks for a password and none was given');
			expect(trap.passwords).toEqual([]);
			// PGPASSWORD is doctor's documented fallback (as in psql): it is sent, and the parse line says so first.
			const fromEnv = await runCli(['doctor', url], {env: {HOME: home, PGPASSWORD: ENV_PASSWORD}});
			expect(fromEnv.code).toBe(1);
			const parse = fromEnv.stdout.indexOf('password from PGPASSWORD');
			expect(parse).toBeGreaterThan(-1);
			expect(parse).toBeLessThan(fromEnv.stdout.indexOf('password authentication failed'));
			expect(trap.passwords).toEqual([ENV_PASSWORD]);
			expect(scanTexts({out: fromEnv.stdout + fromEnv.stderr}, [ENV_PASSWORD, FILE_PASSWORD])).toEqual([]);
			expect(scanTree(home, [ENV_PASSWORD])).toEqual([]);
		} finally {
			await trap.close();
		}
	});
});

describe('text from a server is printed without escape sequences, control characters or bidi overrides', () => {
	const EVIL = 'evil \u001b[2J\u001b]0;owned\u0007 \u202ebidi\u0008';
	// eslint-disable-next-line no-control-regex -- none of these may reach a terminal, a JSON report or a file
	const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

	it('doctor, doctor --json and doctor --report strip them from a server\'s error', async () => {
		const trap = await startPgwireTrap({code: 'XX000', message: EVIL});
		try {
			const home = tmp('evil');
			const report = path.join(home, 'report.json');
			const url = `postgresql://victim@127.0.0.1:${trap.port}/db?sslmode=disable`;
			const env = {HOME: home, XPW: 'abcdefghijkl-evil'};
			const text = await runCli(['doctor', url, '--password-env', 'XPW', '--report', report], {env});
			const json = await runCli(['doctor', url, '--password-env', 'XPW', '--json'], {env});
			expect(trap.passwords).toEqual(['abcdefghijkl-evil', 'abcdefghijkl-evil']);
			for (const run of [text, json]) {
				expect(run.code).toBe(1);
				expect(run.stdout).toContain('evil');
				expect(run.stdout).toContain('bidi');
				expect(run.stdout + run.stderr).not.toMatch(CONTROL);
				// JSON must not carry them escaped either (\u001b, \u202e).
				expect(run.stdout).not.toMatch(/\\u(00[01][0-9a-f]|007f|202[a-e]|206[6-9])/i);
			}

			const written = execFileSync('cat', [report], {encoding: 'utf8'});
			expect(written).toContain('bidi');
			expect(written).not.toMatch(CONTROL);
			expect(written).not.toMatch(/\\u(00[01][0-9a-f]|202[a-e])/i);
		} finally {
			await trap.close();
		}
	});
});

describe('files from others are read only when regular and at most 1 MB', () => {
	const listing = (dir: string) => readdirSync(dir).sort().map(name => `${name}:${lstatSync(path.join(dir, name)).mode}`);

	it('url --dotenv refuses a FIFO and /dev/zero at once, writing nothing', async () => {
		const home = tmp('dotenv');
		const fifo = path.join(home, 'app.env');
		execFileSync('mkfifo', [fifo]);
		for (const [file, kind] of [[fifo, 'a named pipe'], ['/dev/zero', 'a device']] as const) {
			const result = await runCli(['url', '--host', 'db.example', '--user', 'app', '--sslmode', 'disable', '--dotenv', file], {env: {HOME: home}});
			// The stderr in the message, so a failure shows what the run printed.
			expect(result.code, result.stderr).toBe(2);
			expect(result.stdout).toBe('');
			expect(result.stderr).toBe(`crdb-connect: --dotenv ${file}: not a regular file (${kind}); nothing was written. Give the path of a regular .env file (or a new one)\n`);
		}

		expect(lstatSync(fifo).isFIFO()).toBe(true);
		expect(readdirSync(home)).toEqual(['app.env']);
	});

	it('cert create-node and create-client refuse a FIFO or /dev/zero as ca.crt or the CA key, writing nothing', async () => {
		const home = tmp('certs');
		const certs = path.join(home, 'certs');
		const caKey = path.join(home, 'ca.key');
		const made = await runCli(['cert', 'create-ca', '--certs-dir', certs, '--ca-key', caKey], {env: {HOME: home}});
		expect(made.code).toBe(0);
		const fifo = path.join(home, 'pipe');
		execFileSync('mkfifo', [fifo]);
		const realCa = path.join(home, 'ca.crt.real');
		execFileSync('mv', [path.join(certs, 'ca.crt'), realCa]);
		for (const [bad, kind] of [[fifo, 'a named pipe'], ['/dev/zero', 'a device']] as const) {
			// The CA certificate is the FIFO or the device.
			execFileSync('ln', ['-sfn', bad, path.join(certs, 'ca.crt')]);
			const before = listing(certs);
			for (const args of [['create-node', 'localhost'], ['create-client', 'bob']]) {
				const result = await runCli(['cert', ...args, '--certs-dir', certs, '--ca-key', caKey], {env: {HOME: home}});
				expect(result.code).not.toBe(0);
				expect(result.stderr).toContain(`not a regular file (${kind})`);
				// cockroach cert's own shape: one ERROR line naming the file, one HINT.
				expect(result.stderr).toMatch(new RegExp(`^ERROR: .*read ${path.join(certs, 'ca.crt').replace(/[.]/g, '\\.')}: not a regular file \\(${kind}\\)`));
				expect(listing(certs)).toEqual(before);
			}
		}

		// The CA key is the FIFO.
		execFileSync('mv', [realCa, path.join(certs, 'ca.crt'), '-f']);
		const before = listing(certs);
		const result = await runCli(['cert', 'create-client', 'bob', '--certs-dir', certs, '--ca-key', fifo], {env: {HOME: home}});
		expect(result.code).not.toBe(0);
		expect(result.stderr).toMatch(/not a regular file \(a named pipe\)|not a regular file/);
		expect(listing(certs)).toEqual(before);
	});

	it('doctor refuses a FIFO as the client certificate or key, at once', async () => {
		const home = tmp('doctor-files');
		const fifo = path.join(home, 'pipe');
		execFileSync('mkfifo', [fifo]);
		const result = await runCli(['doctor', `postgresql://u@127.0.0.1:9/db?sslmode=require&sslcert=${fifo}&sslkey=${fifo}`], {env: {HOME: home}});
		expect(result.code).toBe(1);
		expect(result.stdout).toContain(`cannot read the client certificate ${fifo}: not a regular file (a named pipe)`);
	});
});

describe('on the Cloud path (the spec-checking Cloud API server)', () => {
	const CLUSTER = '77777777-0000-4000-8000-0000000000a2';
	const PASSWORD = `gaps-Pw/+9!x-${RUN}`;
	const pg = inject('pg');
	createPasswordUser(pg, 'gaps_user', PASSWORD);
	registerSecrets(PASSWORD);
	let cloud: CloudApiServer;
	let ip: Awaited<ReturnType<typeof startIpService>>;
	beforeAll(async () => {
		cloud = await startCloudApiServer({clusters: [makeCluster({id: CLUSTER, name: 'gaps', plan: 'STANDARD', cloud: 'AWS', sqlHost: 'localhost'})], caPem: readFileSync(pg.caCert, 'utf8'), sqlPort: pg.port});
		cloud.state.users[CLUSTER] = ['gaps_user'];
		ip = await startIpService('203.0.113.51');
	});
	afterEach(() => expect(cloud.violations).toEqual([]));
	afterAll(async () => {
		await cloud.close();
		ip.close();
	});

	const cloudEnv = (home: string) => ({HOME: home, COCKROACH_API_KEY: cloud.apiKey, COCKROACH_SERVER: cloud.url, CRDB_CONNECT_CLOUD_POLL_MS: '10', GAPS_PW: PASSWORD});
	const base = ['--cluster', 'gaps', '--ip-lookup-url', '', '--sql-user', 'gaps_user', '--yes', '--no-launch'];
	const args = (...more: string[]) => [...base.map(a => (a === '' ? ip.url : a)), ...more];
	const mutations = () => cloud.requests.filter(r => r.method !== 'GET');

	it('checks --password-file, --certs-dir and --ca-key can be written before the first Cloud change', async () => {
		const home = tmp('dest');
		const file = path.join(home, 'a-file');
		writeFileSync(file, 'x');
		for (const [flags, message] of [
			// A directory that surely does not exist: under this test's own folder (another run's HOME=/nonexistent may have made that one).
			[['--create-user', '--password-file', path.join(home, 'no-such-dir', 'pw.txt')], `--password-file: the directory ${path.join(home, 'no-such-dir')} does not exist`],
			[['--password-env', 'GAPS_PW', '--certs-dir', path.join(file, 'certs')], `--certs-dir: ${file} is not a directory`],
			[['--password-env', 'GAPS_PW', '--ca-key', path.join(file, 'ca.key')], `--ca-key: ${file} is not a directory`],
		] as const) {
			const before = mutations().length;
			const rules = structuredClone(cloud.state.allowlists[CLUSTER]);
			const result = await runCli(args('--allow-cidr', '198.51.100.3/32', ...flags), {env: cloudEnv(home)});
			// The stderr in the message, so a failure shows what the run printed.
			expect(result.code, result.stderr).toBe(2);
			expect(result.stdout).toBe('');
			expect(result.stderr).toBe(`crdb-connect: ${message}; nothing was changed. Choose a file in a writable directory\n`);
			expect(mutations().length).toBe(before);
			expect(cloud.state.allowlists[CLUSTER]).toEqual(rules);
		}

		expect(readdirSync(home)).toEqual(['a-file']);
	});

	it('counts the rules already on the allowlist: the run whose /8 makes more than a /8 of the internet needs --confirm-open-network', async () => {
		cloud.state.allowlists[CLUSTER] = [];
		const add = (cidr: string, ...more: string[]) => runCli(args('--password-env', 'GAPS_PW', '--allow-cidr', cidr, ...more), {env: cloudEnv(tmp('union'))});
		const cidrs = () => cloud.state.allowlists[CLUSTER]!.map(e => `${String(e.cidr_ip)}/${String(e.cidr_mask)}`);
		expect((await add('20.0.0.0/8')).code).toBe(0);
		expect(cidrs()).toEqual(['20.0.0.0/8']);
		for (const cidr of ['21.0.0.0/8', '22.0.0.0/8']) {
			const before = mutations().length;
			const refused = await add(cidr);
			expect(refused.code).toBe(2);
			expect(refused.stderr).toContain('--confirm-open-network (not added: type a narrower network, or confirm with --confirm-open-network)');
			// No terminal: nothing may tell the person to press a key.
			expect(refused.stderr).not.toContain('Esc');
			expect(mutations().length).toBe(before);
		}

		expect(cidrs()).toEqual(['20.0.0.0/8']);
		expect((await add('21.0.0.0/8', '--confirm-open-network')).code).toBe(0);
		expect(cidrs()).toEqual(['20.0.0.0/8', '21.0.0.0/8']);
		// A rule inside what is already allowed opens nothing new: no confirmation needed.
		expect((await add('20.1.0.0/16')).code).toBe(0);
	});
});

describe('waits shown, files kept', () => {
	it('a scripted login check against a server that never answers says it is waiting, then gives up', async () => {
		const sockets: net.Socket[] = [];
		const silent = net.createServer(socket => sockets.push(socket));
		await new Promise<void>(resolve => silent.listen(0, '127.0.0.1', resolve));
		const port = (silent.address() as net.AddressInfo).port;
		try {
			const result = await runCli(['--host', '127.0.0.1', '--port', String(port), '--user', 'u', '--sslmode', 'disable', '--database', 'defaultdb', '--password-env', 'XPW', '--yes', '--no-launch'], {env: {HOME: tmp('silent'), XPW: 'abcdefghijkl-wait'}});
			expect(result.code).not.toBe(0);
			expect(sockets.length).toBeGreaterThan(0);
			expect(result.stderr).toMatch(new RegExp(`… Log in: waiting for 127\\.0\\.0\\.1:${port}, 1 s so far \\(gives up after 5 s\\)`));
			// The wait line comes before the verdict.
			expect(result.stderr.indexOf('waiting for')).toBeLessThan(result.stderr.indexOf('✖'));
		} finally {
			for (const socket of sockets) socket.destroy();
			silent.close();
		}
	});

	it('doctor --report keeps an existing file (and never writes a FIFO) unless --replace-report, checking nothing first', async () => {
		const trap = await startPgwireTrap();
		try {
			const home = tmp('report');
			const report = path.join(home, 'report.json');
			writeFileSync(report, 'someone else\'s notes\n');
			const fifo = path.join(home, 'pipe.json');
			execFileSync('mkfifo', [fifo]);
			const url = `postgresql://victim@127.0.0.1:${trap.port}/db?sslmode=disable`;
			const kept = await runCli(['doctor', url, '--report', report], {env: {HOME: home}});
			expect(kept).toMatchObject({code: 2, stdout: ''});
			expect(kept.stderr).toBe(`crdb-connect: --report ${report} exists already: name a new file, or add --replace-report to replace it\n`);
			expect(readFileSync(report, 'utf8')).toBe('someone else\'s notes\n');
			for (const flags of [[], ['--replace-report']]) {
				const pipe = await runCli(['doctor', url, '--report', fifo, ...flags], {env: {HOME: home}});
				expect(pipe.code).toBe(2);
				expect(pipe.stderr).toBe(`crdb-connect: --report ${fifo} exists and is not a regular file: name a new file\n`);
				expect(lstatSync(fifo).isFIFO()).toBe(true);
			}

			expect(trap.connections).toBe(0);
			const replaced = await runCli(['doctor', url, '--report', report, '--replace-report'], {env: {HOME: home}});
			expect(replaced.code).toBe(1);
			expect(replaced.stderr).toContain(`Replaced the report at ${report} (mode 0600`);
			expect(JSON.parse(readFileSync(report, 'utf8'))).toMatchObject({kind: 'crdb-connect-report'});
		} finally {
			await trap.close();
		}
	});
});
