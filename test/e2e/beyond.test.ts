/**
Beyond the Console, through the real binary in scripted mode: create a free Basic cluster from nothing and log
in to it (the spec-checking Cloud API server creates it CREATING → CREATED over a few polls; its host is the
real PostgreSQL server on loopback), pick the region of a multi-region cluster by measured latency (loopback
listeners per region, each answering after its own delay), and list or create databases (the Cloud API, or
CREATE DATABASE on the real server when self-hosted).
*/
import {execFile} from 'node:child_process';
import {mkdtempSync, readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, inject, it, vi} from 'vitest';
import {BIN, runCli} from '../helpers/cli.js';
import {followOnPostgres, makeCluster, startCloudApiServer, startIpService, type CloudApiServer} from '../helpers/cloud-api-server.js';
import {adminSql, createPasswordUser, freePort} from '../helpers/pg-server.js';
import {startRegionListener} from '../helpers/region-listeners.js';

const pg = inject('pg');
let cloud: CloudApiServer;
let ipService: Awaited<ReturnType<typeof startIpService>>;

beforeAll(async () => {
	cloud = await startCloudApiServer({
		clusters: [],
		caPem: readFileSync(pg.caCert, 'utf8'),
		sqlPort: pg.port,
		onSqlUser: followOnPostgres(sql => adminSql(pg, sql)),
		// A database created through the API exists on the real server too, so the login to it is real.
		onDatabase: name => adminSql(pg, `CREATE DATABASE ${name}`),
	});
	ipService = await startIpService('203.0.113.9');
});

afterEach(() => expect(cloud.violations).toEqual([]));
afterAll(async () => {
	await cloud.close();
	ipService.close();
});

const home = () => mkdtempSync(path.join(os.tmpdir(), 'crdb-beyond-'));
const env = (dir: string) => ({HOME: dir, USER: 'ana', COCKROACH_API_KEY: cloud.apiKey, COCKROACH_SERVER: cloud.url, CRDB_CONNECT_CLOUD_POLL_MS: '20', NEW_PW: 'a long enough password!'});

/** Put a cluster into the fake Cloud with empty lists. */
function addCluster(cluster: Record<string, unknown>): string {
	const id = cluster.id as string;
	cloud.state.clusters.push(cluster);
	cloud.state.allowlists[id] = [];
	cloud.state.users[id] = [];
	cloud.state.databases[id] = ['defaultdb', 'postgres'];
	cloud.state.peServices[id] = [];
	cloud.state.peConnections[id] = [];
	return id;
}

describe('no cluster yet: create a free Basic one, scripted', () => {
	it('creates it (Basic, empty allowlist, nearest region), waits until it is ready, then authorizes, creates the user and logs in', async () => {
		const dir = home();
		cloud.state.creationPolls = 3;
		const result = await runCli(['--create-cluster', 'ana-first', '--allow-current-ip', '--ip-lookup-url', ipService.url, '--sql-user', 'ana_app', '--create-user', '--password-env', 'NEW_PW', '--yes', '--no-launch'], {env: env(dir)});
		expect(result.stderr).toContain('✔ Check the API key and list the clusters: organization Acme Support: 0 clusters');
		expect(result.stderr).toContain('✔ List the regions offered for a new Basic cluster, nearest first: 5 regions on AWS, AZURE, GCP; nearest to your IP: AWS us-east-1 — N. Virginia, 120 mi');
		expect(result.stderr).toMatch(/✔ Create the free Basic cluster ana-first on AWS us-east-1 and wait until it is ready: created ana-first \(BASIC, IP allowlist empty until the next step adds your network\); ready after \d+\.\d s \(3 checks\)/);
		expect(result.stderr).toContain('✔ Check cluster ana-first: BASIC on AWS, 1 region');
		expect(result.stderr).toContain('not allowed yet by the allowlist (0 rules)');
		expect(result.stderr).toContain('✔ Create SQL user ana_app: created');
		expect(result.stderr).toContain('✔ Log in as ana_app and run SELECT version(): PostgreSQL 15');
		expect(result.code).toBe(0);
		expect(result.stdout).toBe(`postgresql://ana_app@localhost:${pg.port}/defaultdb?sslmode=verify-full&sslrootcert=${dir}/.postgresql/root.crt\n`);
		// What the Cloud API was asked to create: Basic, never a paid plan, and no 0.0.0.0/0.
		const post = cloud.requests.find(r => r.method === 'POST' && r.path === '/api/v1/clusters')!;
		expect(post.body).toEqual({name: 'ana-first', provider: 'AWS', spec: {plan: 'BASIC', serverless: {regions: ['us-east-1'], with_empty_ip_allowlist: true}}});
		expect(cloud.requests.find(r => r.path === '/api/v1/clusters/available-regions')!.query).toMatchObject({serverless: 'true'});
		const created = cloud.state.clusters.find(c => c.name === 'ana-first')!;
		expect(created.state).toBe('CREATED');
		expect(cloud.state.allowlists[created.id as string]).toEqual([{cidr_ip: '203.0.113.9', cidr_mask: 32, name: 'crdb-connect', sql: true, ui: false}]);
		expect(cloud.requests.filter(r => r.method === 'GET' && r.path === `/api/v1/clusters/${created.id as string}`)).toHaveLength(3);
	});

	it('takes --cloud and --region, and refuses a region not offered before creating anything', async () => {
		const before = cloud.state.clusters.length;
		const refused = await runCli(['--create-cluster', 'ana-second', '--cloud', 'gcp', '--region', 'mars-1', '--allow-current-ip', '--ip-lookup-url', ipService.url, '--sql-user', 'ana_app', '--password-env', 'NEW_PW', '--yes', '--no-launch'], {env: env(home())});
		expect(refused.code).toBe(1);
		expect(refused.stderr).toContain('mars-1 is not offered for a Basic cluster on GCP: use one of us-east1, europe-west1');
		expect(cloud.state.clusters).toHaveLength(before);
		const dry = await runCli(['--create-cluster', 'ana-second', '--cloud', 'GCP', '--region', 'europe-west1', '--allow-current-ip', '--ip-lookup-url', ipService.url, '--sql-user', 'ana_app', '--create-user', '--password-env', 'NEW_PW', '--yes', '--dry-run'], {env: env(home())});
		expect(dry.code).toBe(0);
		expect(dry.stdout).toContain('Cloud API POST /api/v1/clusters {"name":"ana-second","provider":"GCP","spec":{"plan":"BASIC","serverless":{"regions":["europe-west1"],"with_empty_ip_allowlist":true}}}');
		expect(dry.stdout).toContain('wait until ana-second is CREATED');
		expect(dry.stdout).toContain('Dry run: nothing was changed.');
		expect(cloud.state.clusters).toHaveLength(before);
	});

	it('names the fix when the name is taken (409) or the organization is at its quota', async () => {
		// Taken after the list was read (a re-run that finds the name in the list uses that cluster instead).
		cloud.state.unlisted = ['ana-first'];
		let taken;
		try {
			taken = await runCli(['--create-cluster', 'ana-first', '--allow-current-ip', '--ip-lookup-url', ipService.url, '--sql-user', 'ana_app', '--password-env', 'NEW_PW', '--yes', '--no-launch'], {env: env(home())});
		} finally {
			cloud.state.unlisted = [];
		}

		expect(taken.code).toBe(1);
		expect(taken.stderr).toContain('a cluster named "ana-first" already exists in this organization (HTTP 409): choose another name (--create-cluster OTHER-NAME), or connect to it with --cluster ana-first');
		cloud.state.clusterQuota = cloud.state.clusters.length;
		try {
			const full = await runCli(['--create-cluster', 'ana-third', '--allow-current-ip', '--ip-lookup-url', ipService.url, '--sql-user', 'ana_app', '--password-env', 'NEW_PW', '--yes', '--no-launch'], {env: env(home())});
			expect(full.code).toBe(1);
			expect(full.stderr).toContain('the organization may not have another cluster (HTTP 400: the organization has reached the maximum number of clusters allowed): delete one you no longer use at https://cockroachlabs.cloud/clusters, or connect to an existing one with --cluster NAME');
		} finally {
			cloud.state.clusterQuota = 100;
		}
	});

	it('a cluster of that name exists: used when --cloud, --region and the plan fit it; refused, naming both, with no POST when they do not', async () => {
		addCluster(makeCluster({id: '55555555-0000-4000-8000-0000000000c1', name: 'ana-kept', plan: 'BASIC', cloud: 'GCP', regions: ['us-east1'], sqlHost: 'localhost'}));
		addCluster(makeCluster({id: '55555555-0000-4000-8000-0000000000c2', name: 'ana-paid', plan: 'STANDARD', cloud: 'GCP', regions: ['us-east1'], sqlHost: 'localhost'}));
		const posts = () => cloud.requests.filter(r => r.method === 'POST').length;
		const run = (name: string, ...where: string[]) => runCli(['--create-cluster', name, ...where, '--allow-current-ip', '--ip-lookup-url', ipService.url, '--sql-user', 'kept_app', '--create-user', '--password-env', 'NEW_PW', '--yes', '--no-launch'], {env: env(home())});
		const before = posts();
		const otherCloud = await run('ana-kept', '--cloud', 'AWS', '--region', 'us-east-1');
		expect(otherCloud.code).toBe(1);
		expect(otherCloud.stderr).toContain('ana-kept exists on GCP us-east1, and --cloud AWS --region us-east-1 asks for AWS us-east-1: drop --cloud and --region to use it, or choose another name (--create-cluster OTHER-NAME)');
		expect(otherCloud.stderr).not.toContain('using it (');
		const otherRegion = await run('ana-kept', '--region', 'europe-west1');
		expect(otherRegion.code).toBe(1);
		expect(otherRegion.stderr).toContain('ana-kept exists on GCP us-east1, and --region europe-west1 asks for GCP europe-west1: drop --region to use it, or choose another name (--create-cluster OTHER-NAME)');
		const paid = await run('ana-paid');
		expect(paid.code).toBe(1);
		expect(paid.stderr).toContain('ana-paid exists as a STANDARD cluster on GCP us-east1, and --create-cluster asks for a free Basic one: connect to it with --cluster ana-paid, or choose another name (--create-cluster OTHER-NAME)');
		// Refused before any change: nothing POSTed (no cluster, no allowlist entry, no SQL user), and nothing listed as changed.
		expect(posts()).toBe(before);
		for (const refused of [otherCloud, otherRegion, paid]) expect(refused.stderr).not.toMatch(/Changed:|• added|• created/);
		// The same cloud and region (or none given): used as it is, and the run goes on to the login.
		const clusterPosts = () => cloud.requests.filter(r => r.method === 'POST' && r.path === '/api/v1/clusters').length;
		const createdBefore = clusterPosts();
		const fits = await run('ana-kept', '--cloud', 'GCP', '--region', 'us-east1');
		expect(fits.stderr).toContain('✔ Use the existing cluster ana-kept: ana-kept exists; using it (BASIC on GCP us-east1, CREATED)');
		expect(fits.stderr).not.toContain('List the regions offered');
		expect(fits.stderr).toContain('✔ Log in as kept_app and run SELECT version(): PostgreSQL 15');
		expect(fits.code).toBe(0);
		expect(clusterPosts()).toBe(createdBefore);
		// --help and README's flag table say so.
		const help = await runCli(['--help'], {env: env(home())});
		expect(help.stdout.replace(/\s+/g, ' ')).toContain('A Basic cluster of that name that exists already is used instead (it stops, changing nothing, if --cloud or --region say otherwise, or the cluster of that name is not Basic)');
		expect(readFileSync(new URL('../../README.md', import.meta.url), 'utf8')).toMatch(/\| `--create-cluster <name>` \|[^\n]*that exists already is \*\*used instead\*\*/);
	});

	it('refuses a name against the API rule, and --cloud without --create-cluster, before calling anything', async () => {
		const before = cloud.requests.length;
		const bad = await runCli(['--create-cluster', 'Ana_First', '--sql-user', 'ana_app', '--password-env', 'NEW_PW', '--yes'], {env: env(home())});
		expect(bad).toMatchObject({code: 2});
		expect(bad.stderr).toContain('"Ana_First" has characters a cluster name cannot hold: use 6–20 characters: lowercase letters, digits and dashes, no dash at either end');
		const stray = await runCli(['--cluster', 'x', '--cloud', 'AWS'], {env: env(home())});
		expect(stray).toEqual({code: 2, stdout: '', stderr: 'crdb-connect: --cloud chooses where a new cluster goes: use it with --create-cluster NAME\n'});
		const both = await runCli(['--cluster', 'x', '--create-cluster', 'abcdef'], {env: env(home())});
		expect(both.stderr).toBe('crdb-connect: give --cluster or --create-cluster, not both\n');
		expect(cloud.requests.length).toBe(before);
	});

	it('on Ctrl-C while waiting, stops waiting, says the cluster goes on being created and where to watch it', async () => {
		cloud.state.creationPolls = 100_000;
		try {
			const child = execFile(process.execPath, [BIN, '--create-cluster', 'ana-waits', '--allow-current-ip', '--ip-lookup-url', ipService.url, '--sql-user', 'ana_app', '--password-env', 'NEW_PW', '--yes', '--no-launch'], {env: {...process.env, CI: 'true', ...env(home())}});
			let stderr = '';
			child.stderr!.on('data', d => (stderr += d));
			const exited = new Promise<number | null>(resolve => child.on('exit', code => resolve(code)));
			// Once it is being waited for: the new cluster has been polled twice.
			const polls = () => {
				const waiting = cloud.state.clusters.find(c => c.name === 'ana-waits');
				return waiting ? cloud.requests.filter(r => r.method === 'GET' && r.path === `/api/v1/clusters/${waiting.id as string}`).length : 0;
			};

			await vi.waitFor(() => expect(polls()).toBeGreaterThan(1), {timeout: 10_000, interval: 20});
			// A wait over a second is shown, with its seconds and its bound.
			await vi.waitFor(() => expect(stderr).toMatch(/waiting for the new cluster ana-waits to be ready \(\d+ s so far; at most \d+ s\)/), {timeout: 10_000, interval: 20});
			child.kill('SIGINT');
			expect(await exited).toBe(130);
			const id = cloud.state.clusters.find(c => c.name === 'ana-waits')!.id as string;
			// The journal says the cluster was created and goes on being created, where to watch it, and how to undo it.
			expect(stderr).toContain('Cancelled.');
			expect(stderr).toContain(`• created the free Basic cluster ana-waits on AWS us-east-1 (if it is not ready yet, it goes on being created: watch it at https://cockroachlabs.cloud/cluster/${id}/overview)`);
			expect(stderr).toContain(`undo: curl -X DELETE -H "Authorization: Bearer $COCKROACH_API_KEY" "\${COCKROACH_SERVER:-https://cockroachlabs.cloud}/api/v1/clusters/${id}"`);
			expect(cloud.state.clusters.find(c => c.name === 'ana-waits')!.state).toBe('CREATING');
		} finally {
			cloud.state.creationPolls = 2;
		}
	});
});

describe('the nearest region, measured', () => {
	it('measures every region of a multi-region cluster and takes the fastest when --region is absent', async () => {
		const port = await freePort();
		const listeners = await Promise.all([startRegionListener('127.0.0.2', port, 300), startRegionListener('127.0.0.3', port, 10), startRegionListener('127.0.0.4', port, undefined)]);
		const id = addCluster(makeCluster({id: '55555555-0000-4000-8000-000000000001', name: 'global-app', plan: 'STANDARD', cloud: 'AWS', regions: ['us-east-1', 'eu-west-1', 'ap-south-1']}));
		const regions = cloud.state.clusters.find(c => c.id === id)!.regions as Array<{sql_dns: string}>;
		// Each region's host is its own loopback address (the slow primary, a fast one, a silent one).
		regions[0]!.sql_dns = '127.0.0.2';
		regions[1]!.sql_dns = '127.0.0.3';
		regions[2]!.sql_dns = '127.0.0.4';
		cloud.state.sqlPort = port;
		try {
			const result = await runCli(['--cluster', 'global-app', '--allow-current-ip', '--ip-lookup-url', ipService.url, '--sql-user', 'ana_app', '--create-user', '--password-env', 'NEW_PW', '--yes', '--dry-run'], {env: env(home())});
			expect(result.stderr).toMatch(/✔ Measure the round trip to each region of global-app \(1 s at most\): us-east-1 \d+ ms, eu-west-1 \d+ ms, ap-south-1 unreachable; nearest: eu-west-1 \(answered first\)/);
			expect(result.code).toBe(0);
			// The chosen region's host is the one the plan connects to.
			expect(result.stdout).toContain(`log in to 127.0.0.3:${port} as ana_app`);
			for (const l of listeners) expect(l.requests).toEqual(['0000000804d2162f']);
			// --region still wins, and then nothing is measured.
			const named = await runCli(['--cluster', 'global-app', '--region', 'us-east-1', '--allow-current-ip', '--ip-lookup-url', ipService.url, '--sql-user', 'ana_app', '--create-user', '--password-env', 'NEW_PW', '--yes', '--dry-run'], {env: env(home())});
			expect(named.stderr).not.toContain('Measure the round trip');
			expect(named.stdout).toContain(`log in to 127.0.0.2:${port} as ana_app`);
			expect(listeners[0]!.requests).toHaveLength(1);
		} finally {
			cloud.state.sqlPort = pg.port;
			await Promise.all(listeners.map(l => l.close()));
		}
	});
});

describe('databases from the cluster', () => {
	it('lists the Cloud cluster\'s databases, creates one with --create-database and logs in to it', async () => {
		const id = addCluster(makeCluster({id: '55555555-0000-4000-8000-000000000002', name: 'shop-data', plan: 'STANDARD', cloud: 'GCP', sqlHost: 'localhost'}));
		cloud.state.tableCounts[id] = {defaultdb: 3};
		const dir = home();
		const result = await runCli(['--cluster', 'shop-data', '--allow-current-ip', '--ip-lookup-url', ipService.url, '--sql-user', 'shop_owner', '--create-user', '--password-env', 'NEW_PW', '--database', 'orders', '--create-database', '--yes', '--no-launch'], {env: env(dir)});
		expect(result.stderr).toContain('✔ List the databases of shop-data: defaultdb, postgres');
		expect(result.stderr).toContain('✔ Create database orders (unless it exists): created');
		expect(result.stderr).toContain('✔ Log in as shop_owner and run SELECT version(): PostgreSQL 15');
		expect(result.code).toBe(0);
		expect(result.stdout).toBe(`postgresql://shop_owner@localhost:${pg.port}/orders?sslmode=verify-full&sslrootcert=${dir}/.postgresql/root.crt\n`);
		expect(cloud.requests.find(r => r.method === 'POST' && r.path === `/api/v1/clusters/${id}/databases`)!.body).toEqual({name: 'orders'});
		expect(cloud.state.databases[id]).toContain('orders');
		// Again: it exists, which is fine, and nothing is created twice.
		const again = await runCli(['--cluster', 'shop-data', '--allow-current-ip', '--ip-lookup-url', ipService.url, '--sql-user', 'shop_owner', '--reset-password', '--password-env', 'NEW_PW', '--database', 'orders', '--create-database', '--yes', '--no-launch'], {env: env(home())});
		expect(again.stderr).toContain('✔ Create database orders (unless it exists): it exists already: using it');
		expect(again.code).toBe(0);
		expect(cloud.requests.filter(r => r.method === 'POST' && r.path === `/api/v1/clusters/${id}/databases`)).toHaveLength(1);
	});

	it('refuses a new database name that needs quoting, and --create-database without --database', async () => {
		const bad = await runCli(['--cluster', 'shop-data', '--sql-user', 'shop_owner', '--password-env', 'NEW_PW', '--database', 'Order-History', '--create-database', '--yes'], {env: env(home())});
		expect(bad.code).toBe(2);
		expect(bad.stderr).toContain('"Order-History" is not a plain identifier: use lowercase letters, digits and underscores, starting with a letter (e.g. "order_history")');
		const missing = await runCli(['--cluster', 'shop-data', '--create-database'], {env: env(home())});
		expect(missing).toEqual({code: 2, stdout: '', stderr: 'crdb-connect: --create-database needs the name: add --database NAME\n'});
	});

	it('self-hosted: creates the database with the user\'s own login (CREATE DATABASE), and says what to do without the right', async () => {
		const user = createPasswordUser(pg, 'beyond_owner', 'owner password 123');
		adminSql(pg, `ALTER ROLE ${user} CREATEDB`);
		const flags = ['--host', 'localhost', '--port', String(pg.port), '--user', user, '--password-env', 'OWNER_PW', '--ca-cert', pg.caCert, '--database', 'inventory', '--create-database', '--yes', '--no-launch'];
		const result = await runCli(flags, {env: {HOME: home(), OWNER_PW: 'owner password 123'}});
		expect(result.stderr).toContain('✔ Create database inventory (unless it exists): created');
		expect(result.code).toBe(0);
		expect(result.stdout).toContain(`/inventory?sslmode=verify-full`);
		expect(adminSql(pg, "SELECT datname FROM pg_database WHERE datname = 'inventory'").trim()).toBe('inventory');
		const again = await runCli(flags, {env: {HOME: home(), OWNER_PW: 'owner password 123'}});
		expect(again.stderr).toContain('it exists already: using it');
		const plain = createPasswordUser(pg, 'beyond_plain', 'plain password 123');
		const refused = await runCli(['--host', 'localhost', '--port', String(pg.port), '--user', plain, '--password-env', 'PLAIN_PW', '--ca-cert', pg.caCert, '--database', 'forbidden', '--create-database', '--yes', '--no-launch'], {env: {HOME: home(), PLAIN_PW: 'plain password 123'}});
		expect(refused.code).toBe(1);
		expect(refused.stderr).toContain('beyond_plain may not create databases');
	});
});
