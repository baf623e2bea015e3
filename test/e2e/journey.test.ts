/**
The journey in a real terminal (a pty) against the spec-checking Cloud API server and the real PostgreSQL
server: Ctrl-C tells the truth about what was changed and stops the API calls at once.
*/
import {execFileSync} from 'node:child_process';
import {mkdtempSync, readFileSync} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, inject, it, vi} from 'vitest';
import {BIN, runCli} from '../helpers/cli.js';
import {followOnPostgres, makeCluster, startCloudApiServer, startIpService, type CloudApiServer} from '../helpers/cloud-api-server.js';
import {adminSql, createPasswordUser} from '../helpers/pg-server.js';
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
		const s = wizard({CRDB_CONNECT_CLOUD_POLL_MS: '2000'}, '--allow-current-ip --cluster journey-basic');
		await s.waitForScreen('❯ Accept the plan', 20_000);
		s.write('\r');
		await s.waitForScreen('Add 198.51.100.77/32 to the allowlist and wait for it to apply', 20_000);
		// The rule is in, and the wizard is polling while it propagates.
		await s.waitForScreen(/\(\d+\.\d s\)/);
		expect(cloud.state.allowlists[ONE]).toEqual([expect.objectContaining({cidr_ip: '198.51.100.77', cidr_mask: 32})]);
		// Ctrl-C just after a poll: the next is 2 s away, so a request after this point can only come after the key.
		// (Sent at a random moment, it could meet a poll already on its way, which no cancelling can take back.)
		const polls = () => cloud.requests.filter(r => r.method === 'GET' && r.path.endsWith('/networking/allowlist')).length;
		const pollsBefore = polls();
		await vi.waitFor(() => expect(polls()).toBeGreaterThan(pollsBefore), {timeout: 10_000, interval: 2});
		const seenAtCancel = cloud.requests.length;
		s.write('\u0003');
		const screen = await s.waitForScreen('EXIT=130');
		await s.exited;
		expect(screen).not.toMatch(/nothing was changed/i);
		// The last frame has no key hints left over above the summary; the wait shows as cancelled.
		expect(screen).not.toContain('Ctrl-C cancel');
		expect(screen).toMatch(/✖ Add 198\.51\.100\.77\/32 to the allowlist and wait for it to apply · cancelled\nCancelled\./);
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
	it('one-region cluster, key set: accepting what is offered reaches a psql prompt in 3 keys', async () => {
		const s = wizard();
		const k = keyCounter(s);
		await s.waitForScreen('❯ A CockroachDB Cloud cluster');
		k.press('\r');
		// The only cluster is preselected, and "Create a new cluster" is still offered (issue 13): one Enter.
		const clusters = await s.waitForScreen(/\? Which cluster\?\n(.*\n)*❯ journey-basic/, 20_000);
		expect(clusters).toContain('Create a new cluster (free Basic plan)');
		k.press('\r');
		const review = await s.waitForScreen('❯ Accept the plan', 20_000);
		expect(review).toContain('Cluster   journey-basic (BASIC on GCP, us-east1)');
		expect(review).toMatch(/Network {3}(add this machine, 198\.51\.100\.77\/32, to the IP allowlist|this machine \(198\.51\.100\.77\) is already allowed)/);
		expect(review).toContain('SQL user  new user ana, with a generated password (shown once)');
		expect(review).toContain('Then      check the login and open a SQL shell here');
		expect(review).toContain('e edit each choice');
		k.press('\r');
		await s.waitForScreen('✔ The plan: accept it, or edit each choice · accepted', 20_000);
		await s.waitForScreen(/defaultdb=>\s*$/m, 30_000);
		expect(k.keys).toBeLessThanOrEqual(6);
		expect(k.keys).toBe(3);
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

describe('Back goes back, in a real terminal', () => {
	const PASSWORD = 'the right password';
	const USER = 'journey_back';
	createPasswordUser(pg, USER, PASSWORD);

	it('from a failed login, Back lands on the password question, and the right one goes straight to the check and psql (the later questions are not asked again)', async () => {
		const home = mkdtempSync(path.join(os.tmpdir(), 'crdb-journey-'));
		const s = (session = spawnPty('/bin/bash', ['--norc', '--noprofile', '-c', `${process.execPath} ${BIN} --host localhost --port ${pg.port} --user ${USER} --auth password --ca-cert ${pg.caCert}; echo "EXIT=$?"`], {env: {HOME: home, PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`}}));
		await s.waitForScreen('? Password for the SQL user');
		s.write('wrong password!');
		await s.waitForScreen('*'.repeat('wrong password!'.length));
		s.write('\r');
		// Each choice edited (e), so there are several questions between the password and the check.
		await s.waitForScreen('? The rest of the connection: accept it, or edit each choice');
		s.write('e');
		await s.waitForScreen('? TLS mode');
		s.write('\r');
		// The wrong password cannot list the databases: asked by name instead (the login check explains why).
		await s.waitForScreen('? Database');
		s.write('\r');
		await s.waitForScreen('? How will you connect?');
		s.write('\r');
		await s.waitForScreen('❯ Retry', 20_000);
		expect(s.screen()).toMatch(/password authentication failed/);
		s.write('\u001B[B');
		await s.waitForScreen('❯ Back to the question');
		s.write('\r');
		await s.waitForScreen('↩ back to: Password for the SQL user');
		await s.waitForScreen(/\? Password for the SQL user: *\n/);
		s.write(PASSWORD);
		await s.waitForScreen('*'.repeat(PASSWORD.length));
		s.write('\r');
		// The later answers stand: no question is asked again on the way to the check (one Enter here, not four).
		await s.waitForScreen(/defaultdb=>\s*$/m, 20_000);
		const after = s.screen().slice(s.screen().lastIndexOf('↩ back to: Password for the SQL user'));
		for (const prompt of ['? The rest of the connection', '? Database', '? TLS mode', '? How will you connect?']) expect(after).not.toContain(prompt);
		// They are shown as passed, with the answers they keep.
		expect(after).toMatch(/✔ Database · defaultdb/);
		expect(after).toMatch(/✔ How will you connect\? · SQL shell/);
		s.write('\\q\r');
		await s.waitForScreen('EXIT=0');
	});
});

describe('Back from a failed check keeps the failure in the history', () => {
	/** A loopback port with nothing listening: bound by the OS, then closed. */
	async function closedPort(): Promise<number> {
		const server = net.createServer();
		await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
		const {port} = server.address() as net.AddressInfo;
		await new Promise<void>(resolve => server.close(() => resolve()));
		return port;
	}

	/** The wizard (Ink or --plain) at the choices after "Reach localhost:<port> over TCP" failed, the port typed in. */
	async function atFailedReach(front: 'ink' | 'plain'): Promise<{s: PtySession; port: number}> {
		const port = await closedPort();
		const home = mkdtempSync(path.join(os.tmpdir(), 'crdb-journey-'));
		const plain = front === 'plain' ? ' --plain' : '';
		const s = (session = spawnPty('/bin/bash', ['--norc', '--noprofile', '-c', `${process.execPath} ${BIN}${plain} --host localhost; echo "EXIT=$?"`], {env: {HOME: home, PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`}}));
		await s.waitForScreen(/\? SQL port/, 20_000);
		await s.waitForRawMode();
		// Replace the default port with one nothing listens on.
		s.write('\u007F'.repeat(5) + String(port));
		await s.waitForScreen(new RegExp(`SQL port.*${port}`));
		s.write('\r');
		await s.waitForScreen('❯ Retry', 20_000);
		return {s, port};
	}

	for (const front of ['ink', 'plain'] as const) {
		it(`${front}: after Back from "Reach … over TCP", the ✖ line with its cause stays above "↩ back to: SQL port"`, async () => {
			const {s, port} = await atFailedReach(front);
			s.write('\u001B[B');
			await s.waitForScreen('❯ Back to the question');
			s.write('\r');
			await s.waitForScreen('↩ back to: SQL port');
			await vi.waitFor(() => expect(s.screen()).not.toContain('❯ Retry'), {timeout: 10_000, interval: 25});
			// Lines wrap at the window's width: read the history as one text.
			const history = s.screen().replace(/\n/g, '');
			const answered = history.indexOf(front === 'ink' ? `✔ SQL port · ${port}` : `✔ SQL port ${port}`);
			const failed = history.indexOf(`✖ Reach localhost:${port} over TCP`);
			const cause = history.indexOf(`localhost:${port} refused the connection: nothing listens there`);
			const back = history.indexOf('↩ back to: SQL port');
			expect(answered).toBeGreaterThan(-1);
			expect(failed).toBeGreaterThan(answered);
			expect(cause).toBeGreaterThan(failed);
			expect(back).toBeGreaterThan(cause);
			// Printed once: the live frame that showed it is gone, the history keeps it.
			expect(history.split(`✖ Reach localhost:${port} over TCP`)).toHaveLength(2);
			s.write('\u0003');
			await s.waitForScreen('EXIT=130');
		});

		it(`${front}: after Quit from "Reach … over TCP", the ✖ line with its cause stays above the quit summary`, async () => {
			const {s, port} = await atFailedReach(front);
			// Up from the first choice wraps to the last, Quit.
			s.write('\u001B[A');
			await s.waitForScreen('❯ Quit');
			s.write('\r');
			await s.waitForScreen('EXIT=1');
			const history = s.screen().replace(/\n/g, '');
			const failed = history.indexOf(`✖ Reach localhost:${port} over TCP`);
			const cause = history.indexOf(`localhost:${port} refused the connection: nothing listens there`);
			const quitting = history.indexOf(front === 'ink' ? 'Quitting.' : '✔ What now? Quit');
			const stopped = history.indexOf('crdb-connect: stopped:');
			expect(failed).toBeGreaterThan(-1);
			expect(cause).toBeGreaterThan(failed);
			expect(quitting).toBeGreaterThan(cause);
			expect(stopped).toBeGreaterThan(quitting);
			expect(history.split(`✖ Reach localhost:${port} over TCP`)).toHaveLength(2);
			expect(history.indexOf('Nothing was changed.')).toBeGreaterThan(stopped);
		});

		it(`${front}: the failed check's key hint offers Esc, Esc goes back, and the abandoned choices are not left above "↩ back to"`, async () => {
			const {s} = await atFailedReach(front);
			await s.waitForScreen(front === 'ink' ? '↑↓ choose · Enter confirm · Esc back · Ctrl-C quit' : '↑↓ navigate • ⏎ select • Esc back');
			s.write('\u001B');
			await s.waitForScreen('↩ back to: SQL port');
			await vi.waitFor(() => expect(s.screen()).not.toContain('❯ Retry'), {timeout: 10_000, interval: 25});
			const history = s.screen();
			// (The cause itself names "Continue anyway": the choices are looked for by their other words.)
			for (const gone of ['What now?', 'Back to the question', '❯ Retry', 'Esc back', '↑↓']) expect(history).not.toContain(gone);
			s.write('\u0003');
			await s.waitForScreen('EXIT=130');
		});
	}
});

describe('going back never repeats a change', () => {
	it('Esc after the SQL user was created: back at the password question, and on again, with no second POST', async () => {
		cloud.state.allowlists[ONE] = [];
		const before = cloud.requests.length;
		const s = wizard({USER: 'esc_user'});
		await s.waitForScreen('❯ A CockroachDB Cloud cluster');
		s.write('\r');
		await s.waitForScreen(/\? Which cluster\?\n(.*\n)*❯ journey-basic/, 20_000);
		s.write('\r');
		await s.waitForScreen('❯ Accept the plan', 20_000);
		s.write('e');
		await s.waitForScreen('? Authorize which network?');
		s.write('\r');
		await s.waitForScreen('? SQL user name: esc_user');
		s.write('\r');
		await s.waitForScreen('? New password');
		s.write('\r');
		await s.waitForScreen('✔ Create SQL user esc_user · created', 20_000);
		await s.waitForScreen('? Which database?');
		const posts = () => cloud.requests.slice(before).filter(r => r.method === 'POST' && r.path.endsWith('/sql-users')).length;
		expect(posts()).toBe(1);
		s.write('\u001B');
		await s.waitForScreen('↩ back to: New password');
		s.write('\r');
		await s.waitForScreen('✔ Create SQL user esc_user · created earlier in this run; password set', 20_000);
		await s.waitForScreen('? Which database?');
		expect(posts()).toBe(1);
		expect(cloud.requests.slice(before).filter(r => r.method === 'PUT' && r.path.endsWith('/sql-users/esc_user/password'))).toHaveLength(1);
		s.write('\u0003');
		const screen = await s.waitForScreen('EXIT=130');
		// The user is listed once, as created (setting its password again is not a second change to undo).
		expect(screen.match(/• created SQL user esc_user on journey-basic/g)).toHaveLength(1);
		expect(screen).not.toContain('set a new password for SQL user esc_user');
	});
});

describe('a terminal left as found', () => {
	const flags = `--host localhost --port ${pg.port} --user journey_back --auth password --password-env PW --database defaultdb --sslmode verify-full --ca-cert ${pg.caCert}`;
	const env = () => ({HOME: mkdtempSync(path.join(os.tmpdir(), 'crdb-journey-')), PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`, PW: 'the right password'});

	it('at 60x15 the question and the selected row stay on screen, with "↓ N more", and keys in one read all count', async () => {
		const s = (session = spawnPty('/bin/bash', ['--norc', '--noprofile', '-c', `${process.execPath} ${BIN} ${flags}; echo "EXIT=$?"`], {env: env(), cols: 60, rows: 15}));
		await s.waitForScreen('❯ Open a SQL shell here', 20_000);
		let shown = s.viewport().join('\n');
		expect(shown).toContain('? How will you connect?');
		expect(shown).toMatch(/↓ \d+ more/);
		expect(shown).toContain('↑↓ choose · Enter confirm · Ctrl-C quit');
		// Twelve arrows in one write: the twelfth row down is selected, and scrolled into view.
		s.write('\u001B[B'.repeat(12));
		await vi.waitFor(() => expect(s.viewport().join('\n')).toContain('❯ Java — JDBC'), {timeout: 10_000, interval: 25});
		shown = s.viewport().join('\n');
		expect(shown).toContain('? How will you connect?');
		expect(shown).toMatch(/↑ \d+ more/);
		s.write('\r');
		await s.waitForScreen('EXIT=0', 20_000);
		// Scripts and people copy the result: it ends with a newline, so the prompt starts on a line of its own.
		expect(s.screen()).toMatch(/jdbc:postgresql:\/\/[^\n]*\n(.*\n)*EXIT=0/);
		expect(s.raw()).not.toContain('\u001B[3J');
	});

	it('Enter Enter typed before the first frame answers the first two questions (each with its default)', async () => {
		const s = (session = spawnPty('/bin/bash', ['--norc', '--noprofile', '-c', `${process.execPath} ${BIN}; echo "EXIT=$?"`], {env: env()}));
		// Typed while the wizard loads: the terminal still turns Enter into a line feed, and both come in one read.
		s.write('\r\r');
		await s.waitForScreen('✔ Host name or IP address of a node or load balancer · localhost', 20_000);
		await s.waitForScreen('? SQL port');
		expect(s.screen()).toContain('✔ How do you reach the cluster? · a host');
		s.write('\u0003');
		await s.waitForScreen('EXIT=130');
	});

	it('after the window shrinks from 100x30 to 60x15 the list is fitted again, with no key pressed: the question and the selected row in view', async () => {
		const s = (session = spawnPty('/bin/bash', ['--norc', '--noprofile', '-c', `${process.execPath} ${BIN} ${flags}; echo "EXIT=$?"`], {env: env(), cols: 100, rows: 30}));
		await s.waitForScreen('❯ Open a SQL shell here', 20_000);
		await s.waitForRawMode();
		// At 100x30 the whole list fits.
		expect(s.viewport().join('\n')).not.toMatch(/↓ \d+ more/);
		s.write('\u001B[B'.repeat(12));
		await vi.waitFor(() => expect(s.viewport().join('\n')).toContain('❯ Java — JDBC'), {timeout: 10_000, interval: 25});
		s.resize(60, 15);
		await vi.waitFor(() => {
			const shown = s.viewport().join('\n');
			expect(shown).toContain('? How will you connect?');
			expect(shown).toContain('❯ Java — JDBC');
			expect(shown).toMatch(/↑ \d+ more/);
			expect(shown).toContain('Ctrl-C quit');
		}, {timeout: 10_000, interval: 25});
		// Back to a tall window: the whole list again.
		s.resize(100, 30);
		await vi.waitFor(() => {
			const shown = s.viewport().join('\n');
			expect(shown).toContain('? How will you connect?');
			expect(shown).toContain('❯ Java — JDBC');
			expect(shown).not.toMatch(/[↑↓] \d+ more/);
		}, {timeout: 10_000, interval: 25});
		s.write('\r');
		await s.waitForScreen('EXIT=0', 20_000);
		expect(s.screen()).toMatch(/jdbc:postgresql:\/\/[^\n]*\n(.*\n)*EXIT=0/);
		// Ink clears the screen and the scrollback when its last frame is as tall as the window, which a shrink
		// makes true for a moment: the rows are held for it (hold-rows-on-resize.ts), so the scrollback stays.
		expect(s.raw()).not.toContain('\u001B[3J');
	});

	for (const how of ['in one read', 'in two quick writes'] as const) {
		it(`Enter Enter ${how} at the first question answers it and the next one`, async () => {
			const s = (session = spawnPty('/bin/bash', ['--norc', '--noprofile', '-c', `${process.execPath} ${BIN}; echo "EXIT=$?"`], {env: env()}));
			await s.waitForScreen('? How do you reach the cluster?', 20_000);
			await s.waitForRawMode();
			// React draws the host question only after the first Enter is handled: the second waits for it, whether
			// it came in the same read or in a read of its own before React had drawn.
			if (how === 'in one read') s.write('\r\r');
			else {
				s.write('\r');
				s.write('\r');
			}

			await s.waitForScreen('✔ Host name or IP address of a node or load balancer · localhost', 20_000);
			await s.waitForScreen('? SQL port');
			s.write('\u0003');
			await s.waitForScreen('EXIT=130');
		});
	}

	it('never clears the scrollback: 50 lines printed before the wizard are still in tmux\'s history after it', async () => {
		const socket = `journey-${process.pid}`;
		const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], {encoding: 'utf8'});
		const e = env();
		tmux('new-session', '-d', '-s', 'journey-scrollback', '-x', '100', '-y', '30', '-e', `HOME=${e.HOME}`, '-e', `PATH=${e.PATH}`, '-e', `PW=${e.PW}`, '-e', 'TERM=xterm-256color', 'bash --norc --noprofile');
		try {
			tmux('send-keys', '-t', 'journey-scrollback', `for i in $(seq 1 50); do echo MARKER-$i; done; ${process.execPath} ${BIN} ${flags}; echo "EXIT=$?"`, 'Enter');
			const pane = () => tmux('capture-pane', '-p', '-t', 'journey-scrollback', '-S', '-500');
			await vi.waitFor(() => expect(pane()).toContain('❯ Open a SQL shell here'), {timeout: 20_000, interval: 50});
			// Walk the 14-row list (taller than half the window) to its end, then cancel.
			tmux('send-keys', '-t', 'journey-scrollback', ...Array(13).fill('Down'));
			await vi.waitFor(() => expect(pane()).toContain('❯ Java — Hibernate'), {timeout: 10_000, interval: 50});
			tmux('send-keys', '-t', 'journey-scrollback', 'C-c');
			await vi.waitFor(() => expect(pane()).toContain('EXIT=130'), {timeout: 10_000, interval: 50});
			const history = pane();
			for (let i = 1; i <= 50; i++) expect(history).toContain(`MARKER-${i}\n`);
		} finally {
			tmux('kill-server');
		}
	});
});
