/**
From no cluster to a SQL shell in the plain front-end (--plain), in a real terminal: the built bundle, an API
key in the environment, an organization with no cluster (the spec-checking Cloud API server, whose new
cluster's host is the real PostgreSQL server on loopback). The cluster list offers the new-cluster choice, the
region list shows each region's distance, and the run ends at a real psql prompt. Then the Cloud database list
(GET …/databases, with table counts) and its "Create a new database…" (POST …/databases) in the same front-end.
Last, the nearest region, measured: a three-region cluster whose regions answer after different delays.
*/
import {readFileSync} from 'node:fs';
import {describe, expect, inject, it} from 'vitest';
import {followOnPostgres, makeCluster} from '../helpers/cloud-api-server.js';
import {cloudWalkFixture, moveDownTo} from '../helpers/cloud-walk.js';
import {adminSql} from '../helpers/pg-server.js';
import type {PtySession} from '../helpers/pty.js';
import {addMeasuredCluster} from '../helpers/region-listeners.js';

const pg = inject('pg');
const RUN = `${process.pid}_${Date.now().toString(36)}`;
const walk = cloudWalkFixture({
	name: 'beyond-plain-pty',
	ip: '198.51.100.78',
	server: () => ({clusters: [], caPem: readFileSync(pg.caCert, 'utf8'), sqlPort: pg.port, onSqlUser: followOnPostgres(sql => adminSql(pg, sql)), onDatabase: name => adminSql(pg, `CREATE DATABASE ${name}`)}),
});
const start = (): PtySession => walk.start({args: ['--plain'], cols: 160}).s;

/** Answer the open plain question with Enter (its default), once the prompt listens; returns the screen then. */
async function enter(s: PtySession, question: string): Promise<string> {
	const shown = await s.waitForScreen(`? ${question}`, 20_000);
	await s.waitForRawMode();
	for (let attempt = 0; ; attempt++) {
		s.write('\r');
		try {
			await s.waitForScreen(`✔ ${question}`, 2000);
			return shown;
		} catch (error) {
			if (attempt >= 4 || !s.screen().includes(`? ${question}`)) throw error;
		}
	}
}

describe('from no cluster to a SQL shell, plain front-end', () => {
	it('offers "Create a new cluster", lists the regions with their distances, creates a Basic cluster and ends at psql', async () => {
		walk.cloud.state.creationPolls = 3;
		const s = start();
		await enter(s, 'How do you reach the cluster?');
		// No cluster yet: the list holds only the new-cluster choice, selected.
		const clusters = await enter(s, 'Which cluster?');
		expect(clusters).toContain('✔ Check the API key and list the clusters: organization Acme Support: 0 clusters');
		expect(clusters).toMatch(/\? Which cluster\?[^\n]*\n❯ Create a new cluster \(free Basic plan\)/);
		// A valid name made from the user name is the default.
		await s.waitForScreen('? Name of the new cluster (6–20 lowercase letters, digits, dashes) · Esc back (ana-cluster)');
		await enter(s, 'Name of the new cluster');
		const clouds = await enter(s, 'Which cloud?');
		expect(clouds).toContain('nearest to your IP: AWS us-east-1 — N. Virginia, 120 mi');
		// Each region with its distance from the caller's IP, the nearest first and selected.
		const regions = await enter(s, 'Which region?');
		expect(regions).toMatch(/\? Which region\? \(nearest to your IP first\)\n❯ us-east-1 — N\. Virginia, 120 mi\n {2}us-west-2 — Oregon, 2,400 mi\n/);
		await s.waitForScreen(/✔ Create the free Basic cluster ana-cluster on AWS us-east-1 and wait until it is ready: created ana-cluster \(BASIC, IP allowlist empty until the next step adds\s+your network\); ready after \d+\.\d s \(3 checks\)/, 20_000);
		const plan = await enter(s, 'The plan: accept it, or edit each choice');
		expect(plan).toContain('  Network   add this machine, 198.51.100.78/32, to the IP allowlist');
		expect(plan).toContain('  SQL user  new user ana, with a generated password (shown once)');
		await s.waitForScreen(/defaultdb=>\s*$/m, 20_000);
		s.write('select current_user;\r');
		await s.waitForScreen(/current_user\s*\n-+\s*\n\s+ana\s*\n\(1 row\)/);
		s.write('\\q\r');
		await s.waitForScreen('EXIT=0');
		const post = walk.cloud.requests.find(r => r.method === 'POST' && r.path === '/api/v1/clusters')!;
		expect(post.body).toEqual({name: 'ana-cluster', provider: 'AWS', spec: {plan: 'BASIC', serverless: {regions: ['us-east-1'], with_empty_ip_allowlist: true}}});
		expect(walk.cloud.requests.find(r => r.path === '/api/v1/clusters/available-regions')!.query).toMatchObject({serverless: 'true'});
		const created = walk.cloud.state.clusters.find(c => c.name === 'ana-cluster')!;
		expect(created).toMatchObject({plan: 'BASIC', state: 'CREATED', cloud_provider: 'AWS'});
		expect(walk.cloud.state.allowlists[created.id as string]).toEqual([{cidr_ip: '198.51.100.78', cidr_mask: 32, name: 'crdb-connect', sql: true, ui: false}]);
		expect(walk.cloud.state.users[created.id as string]).toEqual(['ana']);
	}, 90_000);

	it('Cloud databases: lists GET …/databases with table counts and "Create a new database…", POSTs the new one, psql opens on it', async () => {
		const name = `plain_cloud_db_${RUN}`;
		// The cluster the first walk created, with this machine allowed and user ana (set up so when this walk runs alone).
		if (!walk.cloud.state.clusters.some(c => c.name === 'ana-cluster')) {
			const added = '77777777-0000-4000-8000-000000000001';
			walk.cloud.state.clusters.push(makeCluster({id: added, name: 'ana-cluster', plan: 'BASIC', cloud: 'AWS', regions: ['us-east-1'], sqlHost: 'localhost'}));
			Object.assign(walk.cloud.state, {allowlists: {[added]: [{cidr_ip: '198.51.100.78', cidr_mask: 32, name: 'crdb-connect', sql: true, ui: false}]}, users: {[added]: ['ana']}, databases: {[added]: ['defaultdb', 'postgres']}, peServices: {[added]: []}, peConnections: {[added]: []}});
		}

		const id = walk.cloud.state.clusters.find(c => c.name === 'ana-cluster')!.id as string;
		const s = start();
		await enter(s, 'How do you reach the cluster?');
		await s.waitForScreen('❯ ana-cluster — BASIC, AWS, us-east-1', 20_000);
		await enter(s, 'Which cluster?');
		// "Edit each choice" on the plan asks each question, the database from the cluster's list.
		await s.waitForScreen('? The plan', 20_000);
		await s.waitForRawMode();
		s.write('\u001B[B');
		await s.waitForScreen('❯ Edit each choice');
		s.write('\r');
		await enter(s, 'SQL user name');
		await enter(s, 'New password');
		const listed = await s.waitForScreen(/\? Which database\?\n❯ defaultdb — 0 tables\n {2}postgres — 0 tables\n {2}Create a new database…\n {2}← Back/, 20_000);
		expect(listed).toContain('✔ List the databases of ana-cluster: defaultdb, postgres');
		expect(walk.cloud.requests.some(r => r.method === 'GET' && r.path === `/api/v1/clusters/${id}/databases`)).toBe(true);
		await s.waitForRawMode();
		s.write('\u001B[B\u001B[B');
		await s.waitForScreen('❯ Create a new database…');
		s.write('\r');
		await s.waitForScreen('? Name of the new database', 20_000);
		s.write(`${name}\r`);
		await s.waitForScreen(`✔ Name of the new database`, 20_000);
		// The rest takes its default: a SQL shell here. The database is created through the Cloud API, then psql opens on it.
		await enter(s, 'How will you connect?');
		await s.waitForScreen(`✔ Create database ${name} (unless it exists): created`, 20_000);
		await s.waitForScreen(new RegExp(`${name}=>\\s*$`, 'm'), 20_000);
		const post = walk.cloud.requests.find(r => r.method === 'POST' && r.path === `/api/v1/clusters/${id}/databases`)!;
		expect(post.body).toEqual({name});
		s.write('select current_database();\r');
		await s.waitForScreen(new RegExp(`current_database\\s*\\n-+\\s*\\n\\s+${name}\\s*\\n\\(1 row\\)`));
		s.write('\\q\r');
		const screen = await s.waitForScreen('EXIT=0');
		expect(screen).toContain(`• created database ${name} on ana-cluster`);
	}, 90_000);
});

describe('the nearest region, measured, plain front-end', () => {
	it('shows each region\'s round trip ("— N ms", "unreachable"), preselects the fastest, and Enter opens psql on its host', async () => {
		// The primary answers after 600 ms, eu-west-1 is the real PostgreSQL on 127.0.0.1, ap-south-1 never answers.
		const measured = await addMeasuredCluster(walk.cloud.state, {id: '77777777-0000-4000-8000-000000000002', name: 'global-app', port: pg.port, slowHost: '127.0.0.14', silentHost: '127.0.0.15', slowMs: 600});
		try {
			const {s} = walk.start({user: 'near_plain', args: ['--plain'], cols: 200});
			await enter(s, 'How do you reach the cluster?');
			await s.waitForScreen('? Which cluster?', 20_000);
			await s.waitForRawMode();
			await moveDownTo(s, 'global-app');
			await enter(s, 'Which cluster?');
			const asked = await enter(s, 'Which region?');
			expect(asked).toMatch(/✔ Measure the round trip to each region of global-app \(1 s at most\): us-east-1 \d+ ms, eu-west-1 \d+ ms, ap-south-1 unreachable; nearest: eu-west-1 \(answered first\)/);
			const [, slow, fast] = /\? Which region\?\n {2}us-east-1 \(primary\) — (\d+) ms\n❯ eu-west-1 — (\d+) ms\n {2}ap-south-1 — unreachable\n {2}← Back\n/.exec(asked) ?? [];
			expect(Number(slow)).toBeGreaterThanOrEqual(550);
			expect(Number(fast)).toBeLessThan(Number(slow));
			// Each stand-in was asked once, with the pgwire SSLRequest.
			expect(measured.slow.requests).toEqual(['0000000804d2162f']);
			expect(measured.silent.requests).toEqual(['0000000804d2162f']);
			expect(s.screen()).toMatch(/✔ Which region\? eu-west-1/);
			const plan = await enter(s, 'The plan: accept it, or edit each choice');
			expect(plan).toContain('  Cluster   global-app (STANDARD on AWS, eu-west-1)');
			await s.waitForScreen(/defaultdb=>\s*$/m, 30_000);
			expect(s.screen()).toContain(`postgresql://near_plain@127.0.0.1:${pg.port}/defaultdb?`);
			s.write('select inet_server_addr();\r');
			await s.waitForScreen(/inet_server_addr\s*\n-+\s*\n\s+127\.0\.0\.1\s*\n\(1 row\)/);
			s.write('\\q\r');
			await s.waitForScreen('EXIT=0', 20_000);
		} finally {
			await measured.close();
		}
	}, 90_000);
});
