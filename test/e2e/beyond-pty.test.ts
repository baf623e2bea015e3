/**
From no cluster to a SQL shell, in a real terminal: the built bundle, an API key in the environment, an
organization with no cluster (the spec-checking Cloud API server, whose new cluster's host is the real
PostgreSQL server on loopback). Every question is answered with Enter (its default); the test counts the
keys and ends at a real psql prompt. Ctrl-C while the cluster is being created says it goes on being created.
Then the nearest region, measured: a three-region cluster whose regions answer after different delays.
*/
import {readFileSync} from 'node:fs';
import {describe, expect, inject, it} from 'vitest';
import {followOnPostgres} from '../helpers/cloud-api-server.js';
import {cloudWalkFixture, moveDownTo} from '../helpers/cloud-walk.js';
import {adminSql} from '../helpers/pg-server.js';
import type {PtySession} from '../helpers/pty.js';
import {addMeasuredCluster} from '../helpers/region-listeners.js';

const pg = inject('pg');
const walk = cloudWalkFixture({name: 'beyond-pty', ip: '198.51.100.77', server: () => ({clusters: [], caPem: readFileSync(pg.caCert, 'utf8'), sqlPort: pg.port, onSqlUser: followOnPostgres(sql => adminSql(pg, sql))})});
const start = (pollMs: number) => walk.start({pollMs});

/** Answer the question with Enter (its default), once: a key sent as soon as the question shows is taken (keys.tsx). */
async function enter(s: PtySession, question: string, counted: {keys: number}): Promise<void> {
	await s.waitForScreen(`? ${question}`, 20_000);
	counted.keys++;
	s.write('\r');
	await s.waitForScreen(`✔ ${question}`, 20_000);
}

describe('from no cluster to a SQL shell, in a real terminal', () => {
	it('creates a free Basic cluster with Enter on every question and ends at a psql prompt on it', async () => {
		walk.cloud.state.creationPolls = 3;
		const started = performance.now();
		const {s, home} = start(100);
		const counted = {keys: 0};
		await enter(s, 'How do you reach the cluster?', counted);
		expect(s.screen()).toContain('✔ How do you reach the cluster? · CockroachDB Cloud');
		await enter(s, 'Which cluster?', counted);
		expect(s.screen()).toContain('✔ Which cluster? · Create a new cluster (free Basic plan)');
		await enter(s, 'Name of the new cluster', counted);
		await enter(s, 'Which cloud?', counted);
		await enter(s, 'Which region?', counted);
		await s.waitForScreen(/✔ Create the free Basic cluster ana-cluster on AWS us-east-1 and wait until it is ready · created\s+ana-cluster/, 20_000);
		// One review screen of the plan for the new cluster: this machine, a new SQL user, defaultdb, a shell.
		await enter(s, 'The plan: accept it, or edit each choice', counted);
		await s.waitForScreen(/defaultdb=>\s*$/m, 20_000);
		const machineMs = performance.now() - started;
		s.write('select current_user;\r');
		await s.waitForScreen(/current_user\s*\n-+\s*\n\s+ana\s*\n\(1 row\)/);
		s.write('\\q\r');
		await s.waitForScreen('EXIT=0');
		// What was created: a Basic cluster with only this machine allowed.
		const created = walk.cloud.state.clusters.find(c => c.name === 'ana-cluster')!;
		expect(created).toMatchObject({plan: 'BASIC', state: 'CREATED', cloud_provider: 'AWS'});
		expect(walk.cloud.state.allowlists[created.id as string]).toEqual([{cidr_ip: '198.51.100.77', cidr_mask: 32, name: 'crdb-connect', sql: true, ui: false}]);
		expect(walk.cloud.state.users[created.id as string]).toEqual(['ana']);
		expect(counted.keys).toBe(6);
		// For the closing note: keys pressed, and the run's time less the cluster's own creation (3 polls × 100 ms).
		console.log(`from-zero journey: ${counted.keys} keys (Enter only, each sent once), ${(machineMs / 1000).toFixed(1)} s to the psql prompt including ${walk.cloud.state.creationPolls} creation polls of 0.1 s (HOME ${home})`);
	});

	it('Ctrl-C while the cluster is being created: exit 130, and it says the cluster goes on being created, with its undo', async () => {
		walk.cloud.state.creationPolls = 100_000;
		try {
			// Two clusters now (the first walk's and other-app): the list ends with the new-cluster choice, two Downs away.
			walk.cloud.state.clusters.push({...walk.cloud.state.clusters[0]!, id: '66666666-0000-4000-8000-000000000001', name: 'other-app'});
			const {s} = start(50);
			const counted = {keys: 0};
			await enter(s, 'How do you reach the cluster?', counted);
			await s.waitForScreen('❯ ana-cluster — BASIC, AWS, us-east-1');
			s.write('\u001B[B\u001B[B');
			await s.waitForScreen('❯ Create a new cluster (free Basic plan)');
			await enter(s, 'Which cluster?', counted);
			// ana-cluster is taken now: the default name steps aside.
			await s.waitForScreen(/\? Name of the new cluster[^\n]*: ana-cluster-2/);
			await enter(s, 'Name of the new cluster', counted);
			await enter(s, 'Which cloud?', counted);
			await enter(s, 'Which region?', counted);
			// The wait shows the elapsed time.
			await s.waitForScreen(/Create the free Basic cluster ana-cluster-2 on AWS us-east-1 and wait until it is\s+ready\s+\(\d+\.\d s\)/, 20_000);
			s.write('\u0003');
			const screen = (await s.waitForScreen('EXIT=130')).replace(/\n/g, ' ');
			const id = walk.cloud.state.clusters.find(c => c.name === 'ana-cluster-2')!.id as string;
			expect(screen).toContain('Cancelled.');
			expect(screen).toContain('created the free Basic cluster ana-cluster-2 on AWS us-east-1');
			expect(screen.replace(/\s+/g, '')).toContain(`watchitathttps://cockroachlabs.cloud/cluster/${id}/overview`);
			expect(walk.cloud.state.clusters.find(c => c.name === 'ana-cluster-2')!.state).toBe('CREATING');
		} finally {
			walk.cloud.state.creationPolls = 2;
		}
	});
});

describe('the nearest region, measured, in a real terminal', () => {
	it('shows each region\'s round trip ("— N ms", "unreachable"), preselects the fastest, and Enter opens psql on its host', async () => {
		// The primary answers after 600 ms, eu-west-1 is the real PostgreSQL on 127.0.0.1, ap-south-1 never answers.
		const measured = await addMeasuredCluster(walk.cloud.state, {id: '66666666-0000-4000-8000-000000000002', name: 'global-app', port: pg.port, slowHost: '127.0.0.12', silentHost: '127.0.0.13', slowMs: 600});
		try {
			const {s} = walk.start({user: 'near_ink', cols: 200});
			const counted = {keys: 0};
			await enter(s, 'How do you reach the cluster?', counted);
			await s.waitForScreen('? Which cluster?', 20_000);
			await moveDownTo(s, 'global-app');
			await enter(s, 'Which cluster?', counted);
			const asked = await s.waitForScreen('? Which region?', 20_000);
			expect(asked).toMatch(/✔ Measure the round trip to each region of global-app \(1 s at most\) · us-east-1 \d+ ms, eu-west-1 \d+ ms, ap-south-1 unreachable; nearest: eu-west-1 \(answered first\)/);
			const [, slow, fast] = /\? Which region\?\n {2}us-east-1 \(primary\) — (\d+) ms\n❯ eu-west-1 — (\d+) ms\n {2}ap-south-1 — unreachable\n/.exec(asked) ?? [];
			expect(Number(slow)).toBeGreaterThanOrEqual(550);
			expect(Number(fast)).toBeLessThan(Number(slow));
			// Each stand-in was asked once, with the pgwire SSLRequest.
			expect(measured.slow.requests).toEqual(['0000000804d2162f']);
			expect(measured.silent.requests).toEqual(['0000000804d2162f']);
			await enter(s, 'Which region?', counted);
			expect(s.screen()).toContain('✔ Which region? · eu-west-1');
			expect(await s.waitForScreen('? The plan', 20_000)).toContain('Cluster   global-app (STANDARD on AWS, eu-west-1)');
			await enter(s, 'The plan: accept it, or edit each choice', counted);
			await s.waitForScreen(/defaultdb=>\s*$/m, 30_000);
			expect(s.screen()).toContain(`Connection string  postgresql://near_ink@127.0.0.1:${pg.port}/defaultdb?`);
			s.write('select inet_server_addr();\r');
			await s.waitForScreen(/inet_server_addr\s*\n-+\s*\n\s+127\.0\.0\.1\s*\n\(1 row\)/);
			s.write('\\q\r');
			await s.waitForScreen('EXIT=0', 20_000);
			expect(counted.keys).toBe(4);
		} finally {
			await measured.close();
		}
	}, 90_000);
});
