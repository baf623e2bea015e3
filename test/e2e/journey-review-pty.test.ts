/**
What a review of the journey found, walked through the built binary in a real terminal (a pty) against the
spec-checking Cloud API server (whose clusters' hosts are the real PostgreSQL server on loopback): going back past
a cluster the run created does not create it again; the history holds each line once; the new-cluster choice reads
as its label; several Backspaces in one read all erase; a re-run of the same --create-cluster converges; at 60x15
the plan of a two-region Advanced cluster leaves the screen and the scrollback alone.
*/
import {mkdtempSync, readFileSync} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, inject, it} from 'vitest';
import {BIN, runCli} from '../helpers/cli.js';
import {followOnPostgres, makeCluster} from '../helpers/cloud-api-server.js';
import {cloudWalkFixture, moveDownTo} from '../helpers/cloud-walk.js';
import {adminSql, createPasswordUser} from '../helpers/pg-server.js';
import {spawnPty, type PtySession} from '../helpers/pty.js';

const pg = inject('pg');
const walk = cloudWalkFixture({name: 'journey-review', ip: '198.51.100.77', server: () => ({clusters: [], caPem: readFileSync(pg.caCert, 'utf8'), sqlPort: pg.port, onSqlUser: followOnPostgres(sql => adminSql(pg, sql))})});

/**
Answer the open question with Enter (its default). A key sent before Ink attaches the new question's handler is
lost under load, so Enter is sent again only while the question is still the open one (never twice to it).
*/
async function enter(s: PtySession, question: string): Promise<void> {
	await s.waitForScreen(`? ${question}`, 20_000);
	for (let attempt = 0; ; attempt++) {
		s.write('\r');
		try {
			await s.waitForScreen(`✔ ${question}`, 2000);
			return;
		} catch (error) {
			if (attempt >= 4 || !s.viewport().join('\n').includes(`? ${question}`)) throw error;
		}
	}
}

/** How many times `text` occurs in the terminal's history and screen. */
const count = (s: PtySession, text: string): number => s.screen().split(text).length - 1;

const clusterPosts = () => walk.cloud.requests.filter(r => r.method === 'POST' && r.path === '/api/v1/clusters').length;

describe('going back past a cluster the run created', () => {
	it('Esc from the plan to the region and Enter again: one POST /clusters, the cluster is reused, and psql opens on it', async () => {
		walk.cloud.state.creationPolls = 2;
		const {s} = walk.start({user: 'ana'});
		await enter(s, 'How do you reach the cluster?');
		await enter(s, 'Which cluster?');
		// The new-cluster choice reads as its label, as in --plain (it has no cluster id to show).
		expect(s.screen()).toContain('✔ Which cluster? · Create a new cluster (free Basic plan)');
		expect(s.screen()).not.toContain('undefined');
		await enter(s, 'Name of the new cluster');
		await enter(s, 'Which cloud?');
		await enter(s, 'Which region?');
		await s.waitForScreen('? The plan: accept it, or edit each choice', 20_000);
		expect(clusterPosts()).toBe(1);
		s.write('\u001B');
		await s.waitForScreen('↩ back to: Which region? (nearest to your IP first)');
		await s.waitForScreen(/\? Which region\? \(nearest to your IP first\)\n❯ us-east-1/);
		s.write('\r');
		// On again with the same answers: the creation is passed with its earlier result, not POSTed again.
		await s.waitForScreen(/↩ back to: Which region\?[^]*✔ Which region\?[^]*✔ Create the free Basic cluster ana-cluster[^]*\? The plan: accept it, or edit each choice/, 20_000);
		expect(clusterPosts()).toBe(1);
		// The refusal's words, not the digits alone (a loopback port may hold 409); \s: the screen wraps lines.
		expect(s.screen()).not.toMatch(/HTTP\s+409|already\s+exists/);
		await enter(s, 'The plan: accept it, or edit each choice');
		await s.waitForScreen(/defaultdb=>\s*$/m, 30_000);
		s.write('select current_user;\r');
		await s.waitForScreen(/current_user\s*\n-+\s*\n\s+ana\s*\n\(1 row\)/);
		s.write('\\q\r');
		await s.waitForScreen('EXIT=0', 20_000);
		expect(clusterPosts()).toBe(1);
		expect(walk.cloud.state.clusters.filter(c => c.name === 'ana-cluster')).toHaveLength(1);
		// The history holds the run once: the end does not print it all again.
		expect(count(s, 'Step 1 of 4')).toBe(1);
		expect(count(s, '✔ Which cluster? · Create a new cluster (free Basic plan)')).toBe(1);
		expect(count(s, '✔ Ready to connect')).toBe(1);
	}, 120_000);

	it('Back to the region and another one: it says the cluster exists from this run, and POSTs nothing', async () => {
		const before = clusterPosts();
		walk.cloud.state.creationPolls = 1;
		const {s} = walk.start({user: 'ana'});
		await enter(s, 'How do you reach the cluster?');
		await s.waitForScreen('❯ ana-cluster — BASIC, AWS, us-east-1');
		await moveDownTo(s, 'Create a new cluster');
		await enter(s, 'Which cluster?');
		await s.waitForScreen(/\? Name of the new cluster[^\n]*: ana-cluster-2/);
		await enter(s, 'Name of the new cluster');
		await enter(s, 'Which cloud?');
		await enter(s, 'Which region?');
		await s.waitForScreen('? The plan: accept it, or edit each choice', 20_000);
		expect(clusterPosts()).toBe(before + 1);
		s.write('\u001B');
		await s.waitForScreen('↩ back to: Which region? (nearest to your IP first)');
		await moveDownTo(s, 'us-west-2');
		s.write('\r');
		await s.waitForScreen(/✖ Create the free Basic cluster ana-cluster-2 on AWS us-west-2[^]*ana-cluster-2 was created earlier in this run on AWS us-east-1: choose that cloud and region again/, 20_000);
		expect(clusterPosts()).toBe(before + 1);
		s.write('\u0003');
		await s.waitForScreen('EXIT=130');
		expect(s.screen().match(/• created the free Basic cluster ana-cluster-2/g)).toHaveLength(1);
	}, 120_000);
});

describe('going back past a cluster the run created, in --plain', () => {
	it('Back from the plan to the region and Enter again: one POST /clusters, and psql opens on the new cluster', async () => {
		walk.cloud.state.creationPolls = 1;
		const before = clusterPosts();
		const {s} = walk.start({user: 'plain_ana', args: ['--plain']});
		await enter(s, 'How do you reach the cluster?');
		await s.waitForScreen('? Which cluster?', 20_000);
		await moveDownTo(s, 'Create a new cluster');
		await enter(s, 'Which cluster?');
		expect(s.screen()).toContain('✔ Which cluster? Create a new cluster (free Basic plan)');
		await enter(s, 'Name of the new cluster');
		await enter(s, 'Which cloud?');
		await enter(s, 'Which region?');
		await s.waitForScreen('? The plan: accept it, or edit each choice', 20_000);
		expect(clusterPosts()).toBe(before + 1);
		s.write('\u001B');
		// The region list drawn again under the back line: a key sent before the prompt is up is dropped by it.
		await s.waitForScreen(/↩ back to: Which region\? \(nearest to your IP first\)\n\? Which region\?[^]*❯ us-east-1/);
		s.write('\r');
		await s.waitForScreen(/↩ back to: Which region\?[^]*\? The plan: accept it, or edit each choice/, 20_000);
		expect(clusterPosts()).toBe(before + 1);
		await enter(s, 'The plan: accept it, or edit each choice');
		await s.waitForScreen(/defaultdb=>\s*$/m, 30_000);
		s.write('\\q\r');
		await s.waitForScreen('EXIT=0', 20_000);
		expect(clusterPosts()).toBe(before + 1);
		// The refusal's words, not the digits alone (a loopback port may hold 409); \s: the screen wraps lines.
		expect(s.screen()).not.toMatch(/HTTP\s+409|already\s+exists/);
	}, 120_000);
});

describe('a re-run of the same --create-cluster command, scripted', () => {
	it('finds the cluster in the list it read: "exists; using it", no POST, exit 0', async () => {
		const home = mkdtempSync(path.join(os.tmpdir(), 'crdb-journey-review-'));
		const env = {HOME: home, USER: 'ana', COCKROACH_API_KEY: walk.cloud.apiKey, COCKROACH_SERVER: walk.cloud.url, CRDB_CONNECT_IP_URL: walk.ipService.url, CRDB_CONNECT_CLOUD_POLL_MS: '20', NEW_PW: 'a long enough password!'};
		const args = ['--create-cluster', 'ana-rerun', '--allow-current-ip', '--sql-user', 'rerun_app', '--create-user', '--password-env', 'NEW_PW', '--yes', '--no-launch'];
		const first = await runCli(args, {env});
		expect(first.stderr).toContain('✔ Create the free Basic cluster ana-rerun on AWS us-east-1 and wait until it is ready: created ana-rerun');
		expect(first.code).toBe(0);
		const before = clusterPosts();
		const again = await runCli(args, {env: {...env, HOME: mkdtempSync(path.join(os.tmpdir(), 'crdb-journey-review-'))}});
		expect(again.stderr).toContain('✔ Use the existing cluster ana-rerun: ana-rerun exists; using it (BASIC on AWS us-east-1, CREATED)');
		expect(again.stderr).toContain('rerun_app exists; your password works');
		expect(again.code).toBe(0);
		expect(again.stdout).toMatch(/^postgresql:\/\/rerun_app@localhost:\d+\/defaultdb\?sslmode=verify-full/);
		expect(clusterPosts()).toBe(before);
		expect(walk.cloud.state.clusters.filter(c => c.name === 'ana-rerun')).toHaveLength(1);
	}, 60_000);
});

describe('the end of a run, in the terminal\'s history', () => {
	it('"Show the connection string": the history holds the run once, and the string is printed last', async () => {
		const home = mkdtempSync(path.join(os.tmpdir(), 'crdb-journey-review-'));
		createPasswordUser(pg, 'journey_review', 'the review password');
		const flags = `--host localhost --port ${pg.port} --user journey_review --auth password --password-env PW --database defaultdb --sslmode verify-full --ca-cert ${pg.caCert}`;
		const s = spawnPty('/bin/bash', ['--norc', '--noprofile', '-c', `${process.execPath} ${BIN} ${flags}; echo "EXIT=$?"`], {env: {HOME: home, PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`, PW: 'the review password'}});
		try {
			await s.waitForScreen('❯ Open a SQL shell here', 20_000);
			await moveDownTo(s, 'Show the connection string');
			s.write('\r');
			await s.waitForScreen('EXIT=0', 20_000);
			expect(s.screen()).toMatch(/\npostgresql:\/\/journey_review@localhost:\d+\/defaultdb\?sslmode=verify-full[^]*\n\s*EXIT=0$/);
			expect(count(s, 'Step 1 of 4')).toBe(1);
			expect(count(s, '✔ How will you connect? · ')).toBe(1);
		} finally {
			s.kill();
		}
	});
});

describe('line editing, in a real terminal', () => {
	it('three Backspaces in one read erase three characters', async () => {
		const home = mkdtempSync(path.join(os.tmpdir(), 'crdb-journey-review-'));
		const s = spawnPty('/bin/bash', ['--norc', '--noprofile', '-c', `${process.execPath} ${BIN}; echo "EXIT=$?"`], {env: {HOME: home, PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`}});
		try {
			await s.waitForScreen('❯ I have a host', 20_000);
			await s.waitForRawMode();
			s.write('\r');
			await s.waitForScreen('? Host name or IP address');
			s.write('abcdefgh');
			await s.waitForScreen(/\? Host name or IP address[^\n]*: abcdefgh/);
			s.write('\u007F\u007F\u007F');
			await s.waitForScreen(/\? Host name or IP address[^\n]*: abcde *\n/);
			s.write('\r');
			await s.waitForScreen('✔ Host name or IP address of a node or load balancer · abcde');
			s.write('\u0003');
			await s.waitForScreen('EXIT=130');
		} finally {
			s.kill();
		}
	});
});

describe('a 60x15 terminal', () => {
	it('the plan of a two-region Advanced cluster: the question and its choices on screen, no clear, the lines printed before still in the history, to psql', async () => {
		const id = '77777777-0000-4000-8000-000000000001';
		walk.cloud.state.clusters.push(makeCluster({id, name: 'fit-multi', plan: 'ADVANCED', cloud: 'GCP', sqlHost: 'localhost', regions: ['us-east1', 'europe-west1']}));
		for (const list of [walk.cloud.state.allowlists, walk.cloud.state.users] as Array<Record<string, unknown[]>>) list[id] = [];
		walk.cloud.state.databases[id] = ['defaultdb', 'postgres'];
		const home = mkdtempSync(path.join(os.tmpdir(), 'crdb-journey-review-'));
		const env = {HOME: home, USER: 'fit_ana', PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`, COCKROACH_API_KEY: walk.cloud.apiKey, COCKROACH_SERVER: walk.cloud.url, CRDB_CONNECT_IP_URL: walk.ipService.url, CRDB_CONNECT_CLOUD_POLL_MS: '20'};
		const markers = 'for i in $(seq 1 30); do echo MARKER-$i; done';
		const s = spawnPty('/bin/bash', ['--norc', '--noprofile', '-c', `${markers}; ${process.execPath} ${BIN}; echo "EXIT=$?"`], {env, cols: 60, rows: 15});
		try {
			await enter(s, 'How do you reach the cluster?');
			await s.waitForScreen('? Which cluster?', 20_000);
			await moveDownTo(s, 'fit-multi', 12);
			await enter(s, 'Which cluster?');
			await enter(s, 'Which region?');
			await s.waitForScreen('❯ Accept the plan', 20_000);
			// The question and the selected choice are in the window; the plan's rows went into the history above it.
			const shown = s.viewport().join('\n');
			expect(shown).toContain('? The plan: accept it, or edit each choice');
			expect(shown).toContain('❯ Accept the plan');
			expect(shown).toContain('Edit each choice');
			expect(s.screen()).toMatch(/ {2}Cluster {3}fit-multi \(ADVANCED on GCP,/);
			expect(s.raw()).not.toContain('\u001B[2J');
			expect(s.raw()).not.toContain('\u001B[3J');
			await enter(s, 'The plan: accept it, or edit each choice');
			await s.waitForScreen(/defaultdb=>\s*$/m, 30_000);
			s.write('\\q\r');
			await s.waitForScreen('EXIT=0', 20_000);
			expect(s.raw()).not.toContain('\u001B[2J');
			expect(s.raw()).not.toContain('\u001B[3J');
			const history = s.screen();
			for (let i = 1; i <= 30; i++) expect(history).toContain(`MARKER-${i}\n`);
			expect(count(s, 'Step 1 of 4')).toBe(1);
		} finally {
			s.kill();
		}
	}, 120_000);
});

describe('a failure taller than the window', () => {
	it('at 40x12 the reason is printed above the choices: no clear, the lines printed before still in the history, Retry on screen', async () => {
		// A port nothing listens on: the TCP check fails with a reason of eight rows at 40 columns.
		const port = await new Promise<number>(resolve => {
			const server = net.createServer().listen(0, '127.0.0.1', () => {
				const {port} = server.address() as net.AddressInfo;
				server.close(() => resolve(port));
			});
		});
		const home = mkdtempSync(path.join(os.tmpdir(), 'crdb-journey-review-'));
		const markers = 'for i in $(seq 1 20); do echo MARKER-$i; done';
		const s = spawnPty('/bin/bash', ['--norc', '--noprofile', '-c', `${markers}; ${process.execPath} ${BIN} --host localhost --port ${port} --user x --auth password --password-env PW --sslmode verify-full; echo "EXIT=$?"`], {env: {HOME: home, PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`, PW: 'a password that is long'}, cols: 40, rows: 12});
		try {
			await s.waitForScreen('❯ Retry', 20_000);
			expect(s.raw()).not.toContain('\u001B[2J');
			const shown = s.viewport().join('\n');
			expect(shown).toContain('❯ Retry');
			expect(shown).toContain('Quit');
			expect(s.screen().replace(/\s+/g, ' ')).toContain(`✖ Reach localhost:${port} over TCP · localhost:${port} refused the connection: nothing listens there.`);
			s.write('\u0003');
			await s.waitForScreen('EXIT=130');
			expect(s.raw()).not.toContain('\u001B[2J');
			expect(s.raw()).not.toContain('\u001B[3J');
			const history = s.screen();
			for (let i = 1; i <= 20; i++) expect(history).toContain(`MARKER-${i}\n`);
		} finally {
			s.kill();
		}
	});
});
