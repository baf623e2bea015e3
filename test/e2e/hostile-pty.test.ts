/**
The hostile suite's cases that are about what a person sees (issue 11), through the real binary in a real
terminal: a capped Retry-After counting down under Ink's running task, and polls over a second showing the
time they have taken, against the spec-checking Cloud API server made to misbehave; and the question asked
before a password goes, unverified, to a host that is not this machine, with the network stood in for by a
preload that sends that host's connections to a recording pgwire trap on loopback.
*/
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {randomBytes} from 'node:crypto';
import {afterAll, afterEach, beforeAll, describe, expect, inject, it, vi} from 'vitest';
import {BIN} from '../helpers/cli.js';
import {makeCluster, startCloudApiServer, startIpService, type CloudApiServer} from '../helpers/cloud-api-server.js';
import {startPgwireTrap, type PgwireTrap} from '../helpers/pgwire-trap.js';
import {spawnPty, type PtySession} from '../helpers/pty.js';
import {scanTexts} from '../helpers/secret-scan.js';
import {registerSecrets} from '../helpers/secret-ledger.js';

const pg = inject('pg');
const CLUSTER = '88888888-0000-4000-8000-000000000001';
const RUN = randomBytes(4).toString('hex');
const PASSWORD = `pty-hostile-Pw/9!-${RUN}`;
registerSecrets(PASSWORD);
let cloud: CloudApiServer;
let ipService: Awaited<ReturnType<typeof startIpService>>;
let session: PtySession | undefined;

beforeAll(async () => {
	cloud = await startCloudApiServer({clusters: [makeCluster({id: CLUSTER, name: 'waits-basic', plan: 'BASIC', cloud: 'GCP', sqlHost: 'localhost'})], caPem: readFileSync(pg.caCert, 'utf8'), sqlPort: pg.port});
	ipService = await startIpService('198.51.100.88');
});

afterEach(() => {
	session?.kill();
	session = undefined;
	cloud.clearFaults();
	cloud.state.propagationAfterChange[CLUSTER] = 0;
	cloud.state.propagatingFor[CLUSTER] = 0;
	expect(cloud.violations).toEqual([]);
});

afterAll(async () => {
	await cloud.close();
	ipService.close();
});

const home = () => mkdtempSync(path.join(os.tmpdir(), 'crdb-hostile-pty-'));
const mutations = () => cloud.requests.filter(r => r.method !== 'GET').length;

/** The binary in a pty with a Cloud API key, through bash so the exit status shows on screen. */
function wizard(args: string, env: NodeJS.ProcessEnv = {}): PtySession {
	const base = {HOME: home(), USER: 'ana', PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`, COCKROACH_API_KEY: cloud.apiKey, COCKROACH_SERVER: cloud.url, CRDB_CONNECT_IP_URL: ipService.url, CRDB_CONNECT_CLOUD_POLL_MS: '10'};
	return (session = spawnPty('/bin/bash', ['--norc', '--noprofile', '-c', `${process.execPath} ${BIN} ${args}; echo "EXIT=$?"`], {env: {...base, ...env}}));
}

/** Text as one line with single spaces: long lines wrap at the window's edge (at a space, which the screen drops). */
const flat = (text: string) => text.replace(/\s+/g, ' ');

/** Wait until the screen, unwrapped, shows `text`. */
async function waitForFlat(s: PtySession, text: string | RegExp, timeout = 20_000): Promise<string> {
	await vi.waitFor(() => {
		const shown = flat(s.screen());
		if (typeof text === 'string') expect(shown).toContain(text);
		else expect(shown).toMatch(text);
	}, {timeout, interval: 25});
	return flat(s.screen());
}

/** Watch the window until `end` shows, collecting every "trying again in N s" seen on the way. */
async function countdownUntil(s: PtySession, end: string): Promise<number[]> {
	const seen: number[] = [];
	await vi.waitFor(() => {
		for (const match of flat(s.viewport().join(' ')).matchAll(/asked to wait 60 min: trying again in (\d+) s/g)) if (seen.at(-1) !== Number(match[1])) seen.push(Number(match[1]));
		expect(flat(s.screen())).toContain(end);
	}, {timeout: 30_000, interval: 50});
	return seen;
}

describe('Ink shows every wait as it happens', () => {
	it('counts a capped Retry-After down under the running task, then stops with the clear error', async () => {
		cloud.fault({method: 'GET', path: /^\/api\/v1\/clusters$/, status: 429, retryAfter: '3600'});
		const before = mutations();
		const s = wizard('--cluster waits-basic', {CRDB_CONNECT_CLOUD_MAX_WAIT_MS: '6000'});
		await waitForFlat(s, /… the Cloud API answered GET \/api\/v1\/clusters with HTTP 429 and asked to wait 60 min: trying again in [56] s/);
		const seen = await countdownUntil(s, 'longer than crdb-connect waits (6 s): try again later');
		// Seconds going down, redrawn in place (not one line per second).
		expect(seen.length).toBeGreaterThanOrEqual(3);
		expect([...seen].sort((a, b) => b - a)).toEqual(seen);
		expect(seen.at(-1)).toBeLessThanOrEqual(2);
		await s.waitForScreen('❯ Retry');
		expect(flat(s.screen())).toContain('the Cloud API is rate-limiting these calls (HTTP 429) and asks to wait 60 min, longer than crdb-connect waits (6 s): try again later');
		// The countdown is gone with the wait: the failed task does not keep it.
		expect(flat(s.viewport().join(' '))).not.toContain('trying again in');
		s.write('\u0003');
		await s.waitForScreen('EXIT=130');
		expect(mutations()).toBe(before);
	});

	it('shows the allowlist wait over a second with the seconds it has taken, counting up', async () => {
		cloud.state.propagationAfterChange[CLUSTER] = 12;
		const s = wizard('--cluster waits-basic --allow-cidr 198.51.100.21/32', {CRDB_CONNECT_CLOUD_POLL_MS: '300'});
		await s.waitForScreen('❯ Accept the plan', 20_000);
		await s.waitForRawMode();
		s.write('\r');
		await waitForFlat(s, '… waiting for the allowlist change to apply (1 s so far; at most 60 s)');
		await waitForFlat(s, /… waiting for the allowlist change to apply \([2-9] s so far; at most 60 s\)/);
		s.write('\u0003');
		const screen = await s.waitForScreen('EXIT=130');
		expect(screen).toContain('• added 198.51.100.21/32 to the IP allowlist of waits-basic');
	});
});

describe('Ink refuses an unwritable CA destination before any Cloud change', () => {
	it('~/.postgresql is a file: the failed task says root.crt cannot be written and that no Cloud change was made; Quit exits 1 with zero mutating requests', async () => {
		const dir = home();
		// As root only "not a directory" (or "not a regular file") can be provoked: root passes permission checks.
		writeFileSync(path.join(dir, '.postgresql'), 'not a directory\n');
		const before = mutations();
		const s = wizard('--cluster waits-basic --allow-cidr 198.51.100.23/32', {HOME: dir});
		await s.waitForScreen('❯ Accept the plan', 20_000);
		await s.waitForRawMode();
		s.write('\r');
		const root = path.join(dir, '.postgresql', 'root.crt');
		await waitForFlat(s, `the cluster's CA certificate will be saved to ${root}, which cannot be written (${path.join(dir, '.postgresql')} is not a directory): fix that (or set HOME to a writable directory) and run again; no Cloud change was made`);
		await s.waitForScreen('❯ Retry');
		expect(flat(s.screen())).toContain('✖ Add 198.51.100.23/32 to the allowlist');
		expect(mutations()).toBe(before);
		// Retry, Back to the question, Quit.
		s.write('\u001B[B'.repeat(2));
		await s.waitForScreen('❯ Quit');
		s.write('\r');
		const screen = await s.waitForScreen('EXIT=1');
		expect(flat(screen)).toContain('crdb-connect: stopped: the cluster\'s CA certificate will be saved to');
		expect(screen).toMatch(/Nothing was changed\.\nEXIT=1/);
		expect(screen).not.toContain('These changes were made');
		expect(mutations()).toBe(before);
		expect(cloud.state.allowlists[CLUSTER]?.some(rule => rule.cidr_ip === '198.51.100.23') ?? false).toBe(false);
		expect(readFileSync(path.join(dir, '.postgresql'), 'utf8')).toBe('not a directory\n');
	});
});

describe('the plain front-end prints the waits', () => {
	it('prints a line for the allowlist wait with its elapsed time', async () => {
		cloud.state.propagationAfterChange[CLUSTER] = 8;
		const s = wizard('--plain --cluster waits-basic --allow-cidr 198.51.100.22/32', {CRDB_CONNECT_CLOUD_POLL_MS: '300'});
		await s.waitForScreen('Accept the plan', 20_000);
		await s.waitForRawMode();
		s.write('\r');
		await s.waitForScreen(/^ {2}… waiting for the allowlist change to apply \(\d+ s so far; at most 60 s\)$/m, 20_000);
		s.write('\u0003');
		await s.waitForScreen('EXIT=130');
	});
});

describe('an unverified connection to a host that is not this machine', () => {
	// 192.0.2.10 is TEST-NET-1: the preload sends its port 26257 to the trap on loopback, and blocks any other address.
	const HOST = '192.0.2.10';
	let trap: PgwireTrap;
	let netLog: string;
	beforeAll(async () => {
		trap = await startPgwireTrap();
	});
	afterAll(() => trap.close());

	const run = () => {
		netLog = path.join(home(), 'net.jsonl');
		const env = {
			HOME: home(),
			PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`,
			NODE_OPTIONS: `--import ${path.resolve('test/helpers/net-redirect.mjs')}`,
			CRDB_TEST_NET_REDIRECT: JSON.stringify({[`${HOST}:26257`]: `127.0.0.1:${trap.port}`}),
			CRDB_TEST_NET_LOG: netLog,
		};
		return (session = spawnPty('/bin/bash', ['--norc', '--noprofile', '-c', `${process.execPath} ${BIN} --host ${HOST} --port 26257 --user victim --auth password --sslmode disable; echo "EXIT=$?"`], {env}));
	};

	const connects = () => readFileSync(netLog, 'utf8').trim().split('\n').map(line => JSON.parse(line) as {host: string; port: number; to?: string; blocked?: boolean});

	/** Type the password, accept the rest (defaultdb, a SQL shell), and stop at the question asked before the password goes. */
	async function untilAsked(s: PtySession): Promise<string> {
		await s.waitForScreen('? Password for the SQL user', 20_000);
		await s.waitForRawMode();
		s.write(PASSWORD);
		await s.waitForScreen('*'.repeat(PASSWORD.length));
		s.write('\r');
		// The review of the rest: defaultdb, not a list of the server's databases (listing them would log in
		// before the question), and a SQL shell.
		const review = await waitForFlat(s, '❯ Accept the plan');
		expect(review).toContain('Database defaultdb (another: edit each choice)');
		s.write('\r');
		return waitForFlat(s, `Yes: send the password to ${HOST}:26257, sslmode=disable: the server is not verified`);
	}

	it('asks before the password goes; "No" sends nothing (no login is even started)', async () => {
		const s = run();
		const asked = await untilAsked(s);
		expect(asked).toContain('This connection does not verify the server, so whoever answers at that address gets the password. Send it?');
		// The reachability check came first: one TCP connection, no startup message.
		expect(trap.connections).toBe(1);
		s.write('\r');
		// Back reaches only the password question: the host and the sslmode came as flags, and the line says so.
		await waitForFlat(s, 'the password was not sent: go back (Esc) to change the password (the host and the sslmode came with the command line: run again to change them), or quit (Ctrl-C)');
		s.write('\u0003');
		const screen = await s.waitForScreen('EXIT=130');
		expect(trap.users).toEqual([]);
		expect(trap.passwords).toEqual([]);
		expect(trap.connections).toBe(1);
		// Every connect the run made to a non-loopback address: the one reachability check, sent to the trap.
		expect(connects()).toEqual([{host: HOST, port: 26257, to: `127.0.0.1:${trap.port}`}]);
		expect(scanTexts({screen}, [PASSWORD])).toEqual([]);
	});

	it('"Yes" sends it (so the trap above would have seen a password sent without asking)', async () => {
		const s = run();
		await untilAsked(s);
		s.write('\u001B[B');
		await s.waitForScreen('❯ Yes: send the password');
		s.write('\r');
		await s.waitForScreen('password authentication failed', 20_000);
		expect(trap.users).toEqual(['victim']);
		expect(trap.passwords).toEqual([PASSWORD]);
		expect(connects().every(c => c.host === HOST && c.to === `127.0.0.1:${trap.port}`)).toBe(true);
		s.write('\u0003');
		await s.waitForScreen('EXIT=130');
	});
});
