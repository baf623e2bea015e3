/**
The journey in a real terminal (a pty) against the spec-checking Cloud API server and the real PostgreSQL
server: Ctrl-C tells the truth about what was changed and stops the API calls at once.
*/
import {mkdtempSync, readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, inject, it} from 'vitest';
import {BIN, runCli} from '../helpers/cli.js';
import {followOnPostgres, makeCluster, startCloudApiServer, startIpService, type CloudApiServer} from '../helpers/cloud-api-server.js';
import {adminSql} from '../helpers/pg-server.js';
import {spawnPty, type PtySession} from '../helpers/pty.js';

const pg = inject('pg');
const ONE = '44444444-0000-4000-8000-000000000001';
const MULTI = '44444444-0000-4000-8000-000000000002';
let cloud: CloudApiServer;
/** A second organization: two clusters, one of them in two regions. */
let many: CloudApiServer;
let ipService: Awaited<ReturnType<typeof startIpService>>;
let session: PtySession | undefined;

beforeAll(async () => {
	cloud = await startCloudApiServer({
		clusters: [makeCluster({id: ONE, name: 'journey-basic', plan: 'BASIC', cloud: 'GCP', sqlHost: 'localhost'})],
		caPem: readFileSync(pg.caCert, 'utf8'),
		sqlPort: pg.port,
		onSqlUser: followOnPostgres(sql => adminSql(pg, sql)),
	});
	many = await startCloudApiServer({
		clusters: [
			makeCluster({id: '44444444-0000-4000-8000-000000000003', name: 'journey-other', plan: 'BASIC', cloud: 'GCP', sqlHost: 'localhost'}),
			makeCluster({id: MULTI, name: 'journey-multi', plan: 'ADVANCED', cloud: 'GCP', sqlHost: 'localhost', regions: ['us-east1', 'europe-west1']}),
		],
		caPem: readFileSync(pg.caCert, 'utf8'),
		sqlPort: pg.port,
		onSqlUser: followOnPostgres(sql => adminSql(pg, sql)),
	});
	ipService = await startIpService('198.51.100.77');
});

afterEach(() => {
	session?.kill();
	cloud.state.propagatingFor[ONE] = 0;
	expect(cloud.violations).toEqual([]);
	expect(many.violations).toEqual([]);
});

afterAll(async () => {
	await cloud.close();
	await many.close();
	ipService.close();
});

/** The wizard in a pty with a key set, through bash so the exit status shows on screen. */
function wizard(extraEnv: NodeJS.ProcessEnv = {}, args = '', api = cloud): PtySession {
	const home = mkdtempSync(path.join(os.tmpdir(), 'crdb-journey-'));
	const env = {HOME: home, USER: 'ana', PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`, COCKROACH_API_KEY: api.apiKey, COCKROACH_SERVER: api.url, CRDB_CONNECT_IP_URL: ipService.url, CRDB_CONNECT_CLOUD_POLL_MS: '10', ...extraEnv};
	return (session = spawnPty('/bin/bash', ['--norc', '--noprofile', '-c', `${process.execPath} ${BIN} ${args}; echo "EXIT=$?"`], {env}));
}

describe('Ctrl-C tells the truth', () => {
	it('after an allowlist change: lists it with its undo, exits 130 at once, and the API sees no request after it', async () => {
		cloud.state.propagatingFor[ONE] = 1_000_000;
		const s = wizard({CRDB_CONNECT_CLOUD_POLL_MS: '300'}, '--allow-current-ip --cluster journey-basic');
		await s.waitForScreen('❯ Accept the plan', 20_000);
		s.write('\r');
		await s.waitForScreen('Add 198.51.100.77/32 to the allowlist and wait for it to apply', 20_000);
		// The rule is in, and the wizard is polling while it propagates.
		await s.waitForScreen(/\(\d+\.\d s\)/);
		expect(cloud.state.allowlists[ONE]).toEqual([expect.objectContaining({cidr_ip: '198.51.100.77', cidr_mask: 32})]);
		const seenAtCancel = cloud.requests.length;
		s.write('\u0003');
		const screen = await s.waitForScreen('EXIT=130');
		await s.exited;
		expect(screen).not.toMatch(/nothing was changed/i);
		expect(screen).toContain('These changes were made before you cancelled, and stay in place:');
		expect(screen).toContain('• added 198.51.100.77/32 to the IP allowlist of journey-basic');
		expect(screen).toContain('undo: ccloud cluster networking allowlist delete journey-basic 198.51.100.77/32');
		expect(cloud.requests.length).toBe(seenAtCancel);
		cloud.state.propagatingFor[ONE] = 0;
	});
});

describe('re-runs converge', () => {
	// The same machine (HOME) each time, as a person re-running the command has.
	const home = mkdtempSync(path.join(os.tmpdir(), 'crdb-journey-'));
	const scriptedEnv = (password: string) => ({HOME: home, COCKROACH_API_KEY: cloud.apiKey, COCKROACH_SERVER: cloud.url, CRDB_CONNECT_CLOUD_POLL_MS: '10', NEW_PW: password});
	const args = () => ['--cluster', 'journey-basic', '--allow-current-ip', '--ip-lookup-url', ipService.url, '--sql-user', 'rerun_user', '--create-user', '--password-env', 'NEW_PW', '--yes', '--no-launch'];

	it('a second run of the same --create-user command sends no POST, tries the password and exits 0', async () => {
		const first = await runCli(args(), {env: scriptedEnv('the first long password')});
		expect(first.stderr).toContain('✔ Create SQL user rerun_user: created');
		expect(first.code).toBe(0);
		const before = cloud.requests.length;
		const second = await runCli(args(), {env: scriptedEnv('the first long password')});
		expect(second.stderr).toContain('rerun_user exists already: not created again; its password is tried at login');
		expect(second.stderr).toMatch(/✔ Log in as rerun_user and run SELECT version\(\): PostgreSQL 15[^\n]*; rerun_user exists; your password works/);
		expect(second.code).toBe(0);
		expect(cloud.requests.slice(before).filter(r => r.method !== 'GET')).toEqual([]);
		expect(second.stderr).not.toContain('Changes made by this run');
	});

	it('stops with exit 1 naming --reset-password when the existing user\'s password is not the one given', async () => {
		const before = cloud.requests.length;
		const result = await runCli(args(), {env: scriptedEnv('not the password it has')});
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('SQL user rerun_user exists and the given password does not log in');
		expect(result.stderr).toContain('run again with --reset-password to set it');
		expect(result.stderr).toContain('Nothing was changed.');
		expect(cloud.requests.slice(before).filter(r => r.method !== 'GET')).toEqual([]);
	});
});

/** Keys pressed on the way (Enter, arrows, Esc, letters as commands); typed text is counted apart. */
function keyCounter(s: PtySession) {
	let keys = 0;
	return {
		press(key: string) {
			keys++;
			s.write(key);
		},
		get keys() {
			return keys;
		},
	};
}

describe('a shell in a few keys', () => {
	it('one-region cluster, key set: accepting what is offered reaches a psql prompt in 2 keys', async () => {
		const s = wizard();
		const k = keyCounter(s);
		await s.waitForScreen('❯ A CockroachDB Cloud cluster');
		k.press('\r');
		const review = await s.waitForScreen('❯ Accept the plan', 20_000);
		expect(review).toContain('Cluster   journey-basic (BASIC on GCP, us-east1)');
		expect(review).toMatch(/Network {3}(add this machine, 198\.51\.100\.77\/32, to the IP allowlist|this machine \(198\.51\.100\.77\) is already allowed)/);
		expect(review).toContain('SQL user  new user ana, with a generated password (shown once)');
		expect(review).toContain('Then      check the login and open a SQL shell here');
		expect(review).toContain('e edit each choice');
		k.press('\r');
		await s.waitForScreen(/defaultdb=>\s*$/m, 30_000);
		expect(k.keys).toBeLessThanOrEqual(6);
		expect(k.keys).toBe(2);
		expect(s.screen()).toContain('created SQL user ana on journey-basic');
		s.write('\\q\r');
		await s.waitForScreen('EXIT=0');
	});

	it('two-region cluster among two: 5 keys (source, ↓ and Enter for the cluster, region, plan), and Esc at the region goes back to the cluster choice', async () => {
		const s = wizard({}, '', many);
		const k = keyCounter(s);
		await s.waitForScreen('❯ A CockroachDB Cloud cluster');
		k.press('\r');
		await s.waitForScreen('? Which cluster?', 20_000);
		k.press('\u001B[B');
		await s.waitForScreen('❯ journey-multi');
		k.press('\r');
		await s.waitForScreen('? Which region?');
		// Esc goes back to the cluster choice, over the cluster check that passed.
		s.write('\u001B');
		await s.waitForScreen('↩ back to: Which cluster?');
		await s.waitForScreen(/\? Which cluster\?\n(.*\n)*❯ journey-multi/);
		s.write('\r');
		// The region offered first is the one that answered first: under load either may win.
		await s.waitForScreen(/\? Which region\?\n(.*\n)*❯ (us-east1|europe-west1)/);
		k.press('\r');
		await s.waitForScreen('❯ Accept the plan', 20_000);
		k.press('\r');
		await s.waitForScreen(/defaultdb=>\s*$/m, 30_000);
		expect(k.keys).toBeLessThanOrEqual(7);
		expect(k.keys).toBe(5);
		s.write('\\q\r');
		await s.waitForScreen('EXIT=0');
	});
});
