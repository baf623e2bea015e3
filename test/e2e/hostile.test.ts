/**
The hostile-input suite (issue 11): each case runs the real binary against a stand-in that misbehaves on
purpose, asserts the outcome, and scans what the run printed and wrote for the test's secrets.
*/
import {execFileSync, spawn, type ChildProcess} from 'node:child_process';
import {chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import {X509Certificate, createPrivateKey, randomBytes} from 'node:crypto';
import {fingerprint, workspace} from '../helpers/cert-cli.js';
import {startCaServer} from '../helpers/ca-server.js';
import os from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, inject, it} from 'vitest';
import {makeCluster, startCloudApiServer, startIpService, type CloudApiServer} from '../helpers/cloud-api-server.js';
import {BIN, runCli, type CliResult} from '../helpers/cli.js';
import {createPasswordUser} from '../helpers/pg-server.js';
import {startPgwireTrap} from '../helpers/pgwire-trap.js';
import {scanCmdlines, scanTexts, scanTree} from '../helpers/secret-scan.js';
import {allowSecretIn, registerSecrets} from '../helpers/secret-ledger.js';

const pg = inject('pg');
// Unique per run: the argv scan looks at every process on the machine, and other checkouts run this suite too.
const RUN = randomBytes(4).toString('hex');
const PASSWORD = `hostile-Pw/+9!x-${RUN}`;
const KEY_PASSPHRASE = `key-passphrase-Zq7#w-${RUN}`;
const API_KEY = `CCDB1_hostileApiKeySecret0123${RUN}`;
createPasswordUser(pg, 'hostile_user', PASSWORD);
registerSecrets(PASSWORD, KEY_PASSPHRASE, API_KEY);
const tmp = (what: string) => mkdtempSync(path.join(os.tmpdir(), `crdb-hostile-${what}-`));

/** Poll until the condition holds (bounded): the act-then-wait-for-it loop, never a fixed sleep. */
async function until<T>(what: string, check: () => T | undefined | false, timeoutMs = 20_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = check();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise(resolve => setTimeout(resolve, 20));
	}
}

/** Start the real binary with piped stdio; the process, and its outcome once it ends. */
function startCli(args: string[], env: NodeJS.ProcessEnv): {child: ChildProcess; done: Promise<CliResult>} {
	const child = spawn(process.execPath, [BIN, ...args], {env: {...process.env, CI: 'true', ...env}, stdio: ['pipe', 'pipe', 'pipe']});
	child.stdin!.end();
	let stdout = '';
	let stderr = '';
	child.stdout!.on('data', chunk => (stdout += chunk));
	child.stderr!.on('data', chunk => (stderr += chunk));
	const done = new Promise<CliResult>(resolve => child.on('close', (code, signal) => resolve({code: code ?? 128 + (signal === 'SIGTERM' ? 15 : 1), stdout, stderr})));
	return {child, done};
}

/**
A stand-in `psql` (a recording wrapper would exec the real one, which would then wait on the terminal): it
records its pid, argv and whole environment, then waits until it is signalled, recording the signal.
*/
function waitingPsql(): {dir: string; record: string} {
	const dir = tmp('psql');
	const record = path.join(dir, 'call.json');
	// What psql was given: PGPASSWORD holds the password, as promised.
	allowSecretIn(record);
	writeFileSync(path.join(dir, 'psql'), `#!${process.execPath}
const fs = require('fs');
fs.writeFileSync(${JSON.stringify(record)}, JSON.stringify({pid: process.pid, argv: process.argv.slice(2), env: process.env}));
for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => { fs.writeFileSync(${JSON.stringify(record)} + '.signal', signal); process.exit(signal === 'SIGTERM' ? 143 : 129); });
setInterval(() => {}, 1000);
`);
	chmodSync(path.join(dir, 'psql'), 0o755);
	return {dir, record};
}

describe('url --dotenv through the real binary (Node claims --env-file anywhere in argv)', () => {
	it('writes the .env file with --dotenv, --dotenv-key and --replace-dotenv', async () => {
		const home = mkdtempSync(path.join(os.tmpdir(), 'crdb-hostile-dotenv-'));
		const file = path.join(home, 'app.env');
		// --dotenv writes the URL with the password, on purpose (mode 0600).
		allowSecretIn(file);
		const flags = ['url', '--host', 'db.example', '--user', 'app', '--sslmode', 'disable', '--password-env', 'HOSTILE_PW', '--dotenv', file];
		const env = {HOME: home, HOSTILE_PW: PASSWORD};
		const first = await runCli([...flags, '--dotenv-key', 'DB'], {env});
		expect(first).toMatchObject({code: 0, stderr: `wrote DB in ${file} (mode 0600)\n`});
		expect(readFileSync(file, 'utf8')).toBe(`DB=postgresql://app:${encodeURIComponent(PASSWORD).replace('!', '%21')}@db.example:26257/defaultdb?sslmode=disable\n`);
		expect(statSync(file).mode & 0o777).toBe(0o600);
		const refused = await runCli([...flags, '--dotenv-key', 'DB', '--user', 'other'], {env});
		expect(refused.code).toBe(1);
		expect(refused.stderr).toMatch(/DB is already set to something else .* Rerun with --replace-dotenv/);
		expect((await runCli([...flags, '--dotenv-key', 'DB', '--user', 'other', '--replace-dotenv'], {env})).code).toBe(0);
		expect(readFileSync(file, 'utf8')).toMatch(/^DB=postgresql:\/\/other:/);
		// Printed output never holds the password (only the file does).
		expect(scanTexts({stdout: first.stdout, stderr: first.stderr, refused: refused.stdout + refused.stderr}, [PASSWORD])).toEqual([]);
		expect(scanTree(home, [PASSWORD]).map(h => h.where)).toEqual([file]);
	});
});

describe('the shell hand-off', () => {
	for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
		it(`gives psql only the secrets it needs, no sslpassword in argv, files or output, and passes on ${signal}`, async () => {
			const home = tmp('handoff');
			const psql = waitingPsql();
			const profile = path.join(home, 'saved.json');
			const url = `postgresql://hostile_user@localhost:${pg.port}/defaultdb?sslmode=verify-full&sslrootcert=${pg.caCert}&sslpassword=${encodeURIComponent(KEY_PASSPHRASE)}&application_name=hostile`;
			const env = {HOME: home, PATH: `${psql.dir}:${process.env.PATH}`, HOSTILE_URL: url, HOSTILE_PW: PASSWORD, COCKROACH_API_KEY: API_KEY};
			const run = startCli(['--url-env', 'HOSTILE_URL', '--password-env', 'HOSTILE_PW', '--yes', '--save-profile', profile], env);
			// The record may be seen half written: wait until it parses.
			const call = await until('psql to start', () => {
				try {
					return JSON.parse(readFileSync(psql.record, 'utf8')) as {pid: number; argv: string[]; env: Record<string, string>};
				} catch {
					return undefined;
				}
			});
			// While psql runs: no process on the machine has a secret in its argv.
			expect(scanCmdlines([PASSWORD, KEY_PASSPHRASE, API_KEY])).toEqual([]);
			expect(call.argv).toEqual([`postgresql://hostile_user@localhost:${pg.port}/defaultdb?sslmode=verify-full&sslrootcert=${pg.caCert}&application_name=hostile`]);
			// psql's environment: the password as PGPASSWORD, and neither the API key nor the variables the secrets came from.
			expect(call.env.PGPASSWORD).toBe(PASSWORD);
			expect(Object.keys(call.env).filter(k => ['COCKROACH_API_KEY', 'HOSTILE_PW', 'HOSTILE_URL'].includes(k))).toEqual([]);
			expect(call.env.PATH).toBe(env.PATH);
			run.child.kill(signal);
			const result = await run.done;
			expect(readFileSync(`${psql.record}.signal`, 'utf8')).toBe(signal);
			expect(result.code).toBe(signal === 'SIGTERM' ? 143 : 129);
			expect(() => process.kill(call.pid, 0)).toThrow();
			expect(result.stderr).toContain('Saved the setup to');
			expect(scanTexts({stdout: result.stdout, stderr: result.stderr}, [PASSWORD, KEY_PASSPHRASE, API_KEY])).toEqual([]);
			expect(scanTree(home, [PASSWORD, KEY_PASSPHRASE, API_KEY])).toEqual([]);
			expect(JSON.parse(readFileSync(profile, 'utf8')).answers.params).toEqual({application_name: 'hostile'});
		});
	}

	it('refuses sslpassword in --url like a password, and in a profile', async () => {
		const home = tmp('sslpw');
		// Its own passphrase: this one is put in argv on purpose, to be refused.
		const inArgv = `refused-passphrase-${RUN}`;
		const refused = await runCli(['--url', `postgresql://u@localhost:26257/db?sslpassword=${inArgv}`, '--yes'], {env: {HOME: home}});
		expect(refused.code).toBe(2);
		expect(refused.stderr).toMatch(/^crdb-connect: --url holds sslpassword .* use --url-env NAME\n$/);
		const profile = path.join(home, 'p.json');
		// A hostile profile holding the passphrase, written by the test to be refused.
		allowSecretIn(profile);
		writeFileSync(profile, JSON.stringify({kind: 'crdb-connect-profile', version: 1, answers: {source: 'host', host: 'localhost', params: {sslpassword: KEY_PASSPHRASE}}}));
		const replay = await runCli(['--profile', profile, '--yes'], {env: {HOME: home}});
		expect(replay.code).toBe(2);
		expect(replay.stderr).toMatch(/answers\.params: must not hold sslpassword/);
		expect(scanTexts({out: refused.stdout + refused.stderr + replay.stdout + replay.stderr}, [KEY_PASSPHRASE, inArgv])).toEqual([]);
	});
});

describe('the Cloud API path against a misbehaving API', () => {
	const CLUSTER = '77777777-0000-4000-8000-000000000001';
	let cloud: CloudApiServer;
	let ip: Awaited<ReturnType<typeof startIpService>>;
	beforeAll(async () => {
		cloud = await startCloudApiServer({clusters: [makeCluster({id: CLUSTER, name: 'hostile', plan: 'STANDARD', cloud: 'AWS', sqlHost: 'localhost'})], caPem: readFileSync(pg.caCert, 'utf8'), sqlPort: pg.port});
		cloud.state.users[CLUSTER] = ['hostile_user'];
		ip = await startIpService('203.0.113.50');
	});
	afterEach(() => expect(cloud.violations).toEqual([]));
	afterAll(async () => {
		await cloud.close();
		ip.close();
	});

	const cloudEnv = (home: string, extra: NodeJS.ProcessEnv = {}) => ({HOME: home, COCKROACH_API_KEY: cloud.apiKey, COCKROACH_SERVER: cloud.url, CRDB_CONNECT_CLOUD_POLL_MS: '10', HOSTILE_PW: PASSWORD, ...extra});
	const base = () => ['--cluster', 'hostile', '--ip-lookup-url', ip.url, '--sql-user', 'hostile_user', '--password-env', 'HOSTILE_PW', '--yes', '--no-launch'];
	const mutations = () => cloud.requests.filter(r => r.method !== 'GET');

	it('judges the union of --allow-cidr rules: two /1 halves need --confirm-open-network, and nothing is added', async () => {
		const before = mutations().length;
		const rules = structuredClone(cloud.state.allowlists[CLUSTER]);
		const result = await runCli(['--allow-cidr', '0.0.0.0/1', '--allow-cidr', '128.0.0.0/1', ...base()], {env: cloudEnv(tmp('union'))});
		expect(result.code).toBe(2);
		expect(result.stderr).toContain('--confirm-open-network');
		expect(mutations().length).toBe(before);
		expect(cloud.state.allowlists[CLUSTER]).toEqual(rules);
	});

	const refusedWithoutChange = async (args: string[], extra: NodeJS.ProcessEnv) => {
		const before = mutations().length;
		const home = tmp('cloudfault');
		const result = await runCli([...args, '--allow-cidr', '198.51.100.7/32', ...base()], {env: cloudEnv(home, extra)});
		cloud.clearFaults();
		expect(result.code).toBe(1);
		expect(mutations().length).toBe(before);
		expect(scanTexts({out: result.stdout + result.stderr}, [cloud.apiKey, PASSWORD])).toEqual([]);
		expect(scanTree(home, [cloud.apiKey, PASSWORD])).toEqual([]);
		return result;
	};

	it('caps a Retry-After of an hour, counting down where it can be seen, then stops with a clear error', async () => {
		cloud.fault({method: 'GET', path: /^\/api\/v1\/clusters$/, status: 429, retryAfter: '3600'});
		const result = await refusedWithoutChange([], {CRDB_CONNECT_CLOUD_MAX_WAIT_MS: '6000'});
		expect(result.stderr).toContain('  … the Cloud API answered GET /api/v1/clusters with HTTP 429 and asked to wait 60 min: trying again in 6 s\n  … trying again in 5 s\n');
		expect(result.stderr).toContain('the Cloud API is rate-limiting these calls (HTTP 429) and asks to wait 60 min, longer than crdb-connect waits (6 s): try again later');
	});

	it('says it is waiting for a hung API, and gives up within the cap', async () => {
		cloud.fault({method: 'GET', path: /^\/api\/v1\/organization$/, delayMs: 4000});
		const result = await refusedWithoutChange([], {CRDB_CONNECT_CLOUD_TIMEOUT_MS: '1500', CRDB_CONNECT_CLOUD_MAX_WAIT_MS: '2000'});
		expect(result.stderr).toContain('  … waiting for the Cloud API to answer GET /api/v1/organization (1 s so far; at most 1.5 s)');
		expect(result.stderr).toMatch(/the Cloud API did not answer GET \/api\/v1\/organization within 1\.5 s \(tried 2 times\)/);
		await until('the delayed answers to be sent', () => cloud.inFlight === 0);
	});

	it('stops a list that never ends, and says so', async () => {
		let pages = 0;
		cloud.fault({method: 'GET', path: /^\/api\/v1\/clusters$/, body: () => JSON.stringify({clusters: [], pagination: {next_page: `p${++pages}`}})});
		const result = await refusedWithoutChange([], {});
		expect(pages).toBe(100);
		expect(result.stderr).toContain('unexpected answer from the Cloud API to GET /api/v1/clusters: the list runs past 100 pages');
	});

	it('says "unexpected answer" for a null where the spec promises a value', async () => {
		cloud.fault({method: 'GET', path: /^\/api\/v1\/clusters$/, body: JSON.stringify({clusters: [{...makeCluster({id: CLUSTER, name: 'hostile', plan: 'STANDARD', cloud: 'AWS'}), regions: null}]})});
		const result = await refusedWithoutChange([], {});
		expect(result.stderr).toContain('unexpected answer from the Cloud API to GET /api/v1/clusters: the regions of cluster hostile are not a list of regions with names and hosts');
		expect(result.stderr).not.toMatch(/TypeError|Cannot read/);
	});

	it('refuses an http:// COCKROACH_SERVER that is not loopback, sending nothing', async () => {
		const before = cloud.requests.length;
		const result = await refusedWithoutChange([], {COCKROACH_SERVER: 'http://cloud.example'});
		expect(result.stderr).toContain('COCKROACH_SERVER http://cloud.example is not an https:// address, so the API key would travel in clear text');
		expect(cloud.requests.length).toBe(before);
	});

	it('prints what the API says without its escape sequences', async () => {
		cloud.fault({method: 'POST', path: /\/networking\/allowlist$/, status: 403, body: JSON.stringify({code: 7, message: 'denied\u001b[2J\u001b]0;owned\u0007 \u202eevil', details: []})});
		const home = tmp('escapes');
		const result = await runCli(['--allow-cidr', '198.51.100.8/32', ...base()], {env: cloudEnv(home)});
		cloud.clearFaults();
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('(HTTP 403: denied evil)');
		// eslint-disable-next-line no-control-regex -- no escape, bell or bidi override may reach the terminal
		expect(result.stderr).not.toMatch(/[\u001b\u0007\u202e]/);
	});

	it('checks that --save-profile can be written before the first change', async () => {
		const before = cloud.requests.length;
		const result = await runCli(['--allow-cidr', '198.51.100.9/32', ...base(), '--save-profile', '/nonexistent-dir/p.json'], {env: cloudEnv(tmp('savecheck'))});
		expect(result).toMatchObject({code: 2, stdout: ''});
		expect(result.stderr).toBe('crdb-connect: --save-profile: the directory /nonexistent-dir does not exist; nothing was changed. Choose a file in a writable directory\n');
		expect(cloud.requests.length).toBe(before);
	});

	it('stops reading an answer past 1 MB, closing it, and says it is unexpected', async () => {
		const cut = cloud.cutOff;
		cloud.fault({method: 'GET', path: /^\/api\/v1\/clusters$/, endless: true, times: 1});
		const result = await refusedWithoutChange([], {});
		expect(result.stderr).toContain('unexpected answer from the Cloud API to GET /api/v1/clusters: the answer (HTTP 200) is larger than 1 MB; try again, and report it if it persists');
		expect(result.stderr).not.toMatch(/RangeError|heap|TypeError/);
		expect(cloud.cutOff).toBe(cut + 1);
		await until('the endless answer to end', () => cloud.inFlight === 0);
	});

	it('checks that the cluster\'s CA certificate can be saved before the first Cloud change', async () => {
		const home = tmp('cacheck');
		// ~/.postgresql is a file, so ~/.postgresql/root.crt can never be written (whoever runs the test, root included).
		writeFileSync(path.join(home, '.postgresql'), 'not a directory\n');
		const before = mutations().length;
		const result = await runCli(['--allow-cidr', '198.51.100.10/32', ...base()], {env: cloudEnv(home)});
		expect(result.code).toBe(1);
		expect(result.stderr).toContain(`crdb-connect: stopped: the cluster's CA certificate will be saved to ${path.join(home, '.postgresql', 'root.crt')}, which cannot be written (${path.join(home, '.postgresql')} is not a directory): fix that (or set HOME to a writable directory) and run again; no Cloud change was made\n`);
		expect(result.stderr).not.toMatch(/These changes were made/);
		// Not one request that changes anything reached the API.
		expect(mutations().length).toBe(before);
		expect(cloud.state.allowlists[CLUSTER]!.some(rule => rule.cidr_ip === '198.51.100.10')).toBe(false);
	});

	it('shows a wait for the allowlist change over a second, with the time it has taken', async () => {
		cloud.state.propagationAfterChange[CLUSTER] = 6;
		try {
			const result = await runCli(['--allow-cidr', '198.51.100.11/32', ...base()], {env: cloudEnv(tmp('pollwait'), {CRDB_CONNECT_CLOUD_POLL_MS: '400'})});
			expect(result.code).toBe(0);
			expect(result.stderr).toMatch(/^ {2}… waiting for the allowlist change to apply \(\d+ s so far; at most 60 s\)$/m);
		} finally {
			cloud.state.propagationAfterChange[CLUSTER] = 0;
			cloud.state.propagatingFor[CLUSTER] = 0;
		}
	});

	it('shows a wait for a private endpoint over a second, with the time it has taken', async () => {
		cloud.state.connectionPolls = 6;
		try {
			const result = await runCli(['--private-endpoint', 'vpce-0a1b2c3d4e5f60788', ...base()], {env: cloudEnv(tmp('pewait'), {CRDB_CONNECT_CLOUD_POLL_MS: '400'})});
			expect(result.stderr).toMatch(/^ {2}… waiting for the endpoint vpce-0a1b2c3d4e5f60788 to be available \(\d+ s so far; at most 60 s\)$/m);
			expect(result.code).toBe(0);
		} finally {
			cloud.state.connectionPolls = 0;
		}
	});

	it('adds this machine and a typed network when given --allow-current-ip with --allow-cidr', async () => {
		const result = await runCli(['--allow-current-ip', '--allow-cidr', '198.51.100.0/24', ...base()], {env: cloudEnv(tmp('both'))});
		expect(result.stderr).toContain('added 203.0.113.50/32, 198.51.100.0/24');
		expect(result.code).toBe(0);
		const added = cloud.requests.filter(r => r.method === 'POST' && r.path.endsWith('/networking/allowlist')).map(r => (r.body as {cidr_ip: string}).cidr_ip);
		expect(added).toEqual(expect.arrayContaining(['203.0.113.50', '198.51.100.0']));
	});
});

describe('a replayed profile (or doctor report) is untrusted', () => {
	const TOKEN = `ghp_hostileTokenNotAPassword42${RUN}`;
	registerSecrets(TOKEN);
	const hostile = (port: number) => ({kind: 'crdb-connect-profile', version: 1, passwordEnv: 'GITHUB_TOKEN', answers: {source: 'host', host: '127.0.0.1', port, user: 'victim', auth: 'password', sslmode: 'disable', database: 'defaultdb', output: 'url'}});

	for (const wrap of ['profile', 'doctor report'] as const) {
		it(`does not send the variable a ${wrap} names to the host it names, unless --password-env names it on the command line`, async () => {
			const trap = await startPgwireTrap();
			try {
				const home = tmp('replay');
				const file = path.join(home, 'from-customer.json');
				const profile = hostile(trap.port);
				writeFileSync(file, JSON.stringify(wrap === 'profile' ? profile : {kind: 'crdb-connect-report', version: 1, checks: [], profile}));
				const refused = await runCli(['--profile', file, '--yes'], {env: {HOME: home, GITHUB_TOKEN: TOKEN}});
				expect(refused.code).toBe(2);
				expect(refused.stderr).toContain('--password-env (on the command line, to confirm where the password goes');
				// Nothing reached the server: not even a connection.
				expect(trap.connections).toBe(0);
				expect(trap.passwords).toEqual([]);
				expect(scanTexts({out: refused.stdout + refused.stderr}, [TOKEN])).toEqual([]);
				expect(scanTree(home, [TOKEN])).toEqual([]);
				// Named on the command line, it is the person's choice: then (and only then) it goes.
				const chosen = await runCli(['--profile', file, '--password-env', 'GITHUB_TOKEN', '--yes'], {env: {HOME: home, GITHUB_TOKEN: TOKEN}});
				expect(chosen.stderr).toContain('password authentication failed');
				expect(trap.passwords).toEqual([TOKEN]);
			} finally {
				await trap.close();
			}
		});
	}

	it('refuses a profile whose values hold control characters (they would be printed)', async () => {
		const home = tmp('ctl');
		const file = path.join(home, 'p.json');
		writeFileSync(file, JSON.stringify({kind: 'crdb-connect-profile', version: 1, answers: {source: 'host', host: 'db\u001b[2J.example', user: 'u'}}));
		const result = await runCli(['--profile', file, '--yes'], {env: {HOME: home}});
		expect(result.code).toBe(2);
		expect(result.stderr).toBe(`crdb-connect: the profile ${file} is refused: answers.host: must not hold control characters\n`);
	});

	it('refuses a profile that picks which variable is sent as the Cloud API key', async () => {
		const home = tmp('apikey');
		const file = path.join(home, 'p.json');
		writeFileSync(file, JSON.stringify({kind: 'crdb-connect-profile', version: 1, apiKeyEnv: 'GITHUB_TOKEN', answers: {source: 'cloud', clusterRef: 'x'}}));
		const result = await runCli(['--profile', file, '--yes'], {env: {HOME: home, GITHUB_TOKEN: TOKEN, COCKROACH_SERVER: 'http://127.0.0.1:9'}});
		expect(result.code).toBe(2);
		expect(result.stderr).toMatch(/apiKeyEnv: must be COCKROACH_API_KEY/);
	});

	it('reads only a regular profile file of at most 1 MB: a FIFO, a directory and /dev/zero are refused at once', async () => {
		const home = tmp('fifo');
		const fifo = path.join(home, 'pipe.json');
		execFileSync('mkfifo', [fifo]);
		for (const [file, reason] of [[fifo, 'not a regular file (a named pipe)'], [home, 'not a regular file (a directory)'], ['/dev/zero', 'not a regular file (a device)']] as const) {
			const result = await runCli(['--profile', file, '--yes'], {env: {HOME: home}});
			expect(result.code).toBe(2);
			expect(result.stderr).toBe(`crdb-connect: cannot read the profile ${file} (${reason}): give the path of a profile or doctor report file\n`);
		}

		const big = path.join(home, 'big.json');
		writeFileSync(big, ' '.repeat(1024 * 1024 + 1));
		expect((await runCli(['--profile', big, '--yes'], {env: {HOME: home}})).stderr).toContain('(larger than 1 MB)');
	});
});

describe('certificate files under signals and races', () => {
	for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
		it(`${signal} while a client key is being written leaves no temp file (and no key) behind`, async () => {
			const ws = workspace();
			expect((await runCli(['cert', 'create-ca', ...ws.flags])).code).toBe(0);
			const before = fingerprint(ws.root);
			const report = path.join(ws.root, 'held.txt');
			const run = startCli(['cert', 'create-client', 'maxroach', ...ws.flags], {CRDB_CONNECT_TEST_HOLD_WRITES: report});
			// Both temp names (certificate and key): the report may be seen half written.
			const temps = await until('the temp files to be written', () => {
				const names = existsSync(report) ? readFileSync(report, 'utf8').split('\n').filter(name => name.endsWith('.tmp')) : [];
				return names.length === 2 && names;
			});
			// The temp key file is complete on disk at this moment: the signal must take it away.
			expect(temps.some(t => readFileSync(t, 'utf8').includes('PRIVATE KEY'))).toBe(true);
			run.child.kill(signal);
			await run.done;
			expect(run.child.signalCode).toBe(signal);
			for (const temp of temps) expect(existsSync(temp)).toBe(false);
			const after = fingerprint(ws.root);
			delete after['held.txt'];
			expect(after).toEqual(before);
		});
	}

	it('two concurrent create-client runs for the same user: one wins, the other fails clearly, and the files match', async () => {
		const ws = workspace();
		expect((await runCli(['cert', 'create-ca', ...ws.flags])).code).toBe(0);
		const [a, b] = await Promise.all([runCli(['cert', 'create-client', 'race', ...ws.flags]), runCli(['cert', 'create-client', 'race', ...ws.flags])]);
		expect([a.code, b.code].sort()).toEqual([0, 1]);
		const loser = a.code === 0 ? b : a;
		expect(loser.stderr).toMatch(/client\.race\.(crt|key).*file exists/);
		const certFile = new X509Certificate(readFileSync(path.join(ws.certs, 'client.race.crt')));
		const key = createPrivateKey(readFileSync(path.join(ws.certs, 'client.race.key')));
		expect(certFile.checkPrivateKey(key)).toBe(true);
		expect(readdirSync(ws.certs).filter(name => name.endsWith('.tmp'))).toEqual([]);
	});
});

describe('CA certificates from others', () => {
	const hostFlags = () => ['--host', 'localhost', '--port', String(pg.port), '--user', 'hostile_user', '--password-env', 'HOSTILE_PW', '--yes', '--no-launch'];

	it('refuses an http:// CA link that is not loopback, before anything is fetched or written', async () => {
		const home = tmp('ca-http');
		const before = fingerprint(home);
		const result = await runCli([...hostFlags(), '--ca-cert', 'http://ca.example/root.crt'], {env: {HOME: home, HOSTILE_PW: PASSWORD}});
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('refusing to download the CA certificate from http://ca.example/root.crt: over http anyone on the way could swap it, and it would be trusted by every psql connection; use an https:// link');
		expect(fingerprint(home)).toEqual(before);
	});

	it('stops reading a CA download past 1 MB, and writes nothing', async () => {
		const server = await startCaServer({'/endless.crt': `${readFileSync(pg.caCert, 'utf8')}${'A'.repeat(2 * 1024 * 1024)}`});
		try {
			const home = tmp('ca-big');
			const result = await runCli([...hostFlags(), '--ca-cert', server.url('/endless.crt')], {env: {HOME: home, HOSTILE_PW: PASSWORD}});
			expect(result.code).toBe(1);
			expect(result.stderr).toContain(`${server.url('/endless.crt')} sent more than 1 MB, which is not a CA certificate`);
			expect(existsSync(path.join(home, '.postgresql', 'root.crt'))).toBe(false);
		} finally {
			await server.close();
		}
	});

	it('reads only a regular CA file of at most 1 MB: a FIFO and /dev/zero are refused at once', async () => {
		const home = tmp('ca-fifo');
		const fifo = path.join(home, 'ca.crt');
		execFileSync('mkfifo', [fifo]);
		for (const [file, what] of [[fifo, 'not a certificate file (a named pipe)'], ['/dev/zero', 'not a certificate file (a device)']] as const) {
			const result = await runCli([...hostFlags(), '--ca-cert', file], {env: {HOME: home, HOSTILE_PW: PASSWORD}});
			expect(result.code).toBe(1);
			expect(result.stderr).toContain(`${file} is ${what}: give the path of the CA certificate`);
		}
	});
});
