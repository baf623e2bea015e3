/**
The Cloud path end to end, scripted, against the spec-checking Cloud API server: pick the cluster, find the
public IP (a loopback stand-in for the public look-up service, which records its calls), add it to the
allowlist and wait for propagation, create the SQL user (the fake Cloud creates the role on the real
PostgreSQL server too), fetch the connection details and the cluster CA, then log in for real.
*/
import {readFileSync} from 'node:fs';
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {followOnPostgres, makeCluster, startCloudApiServer, startIpService, type CloudApiServer} from '../helpers/cloud-api-server.js';
import {adminSql} from '../helpers/pg-server.js';

const pg = inject('pg');
let cloud: CloudApiServer;
let ipService: Awaited<ReturnType<typeof startIpService>>;
let ipUrl: string;
const STANDARD = '22222222-0000-4000-8000-000000000001';

// Each test gets a fresh Cloud (no rules, no users) and sets up what it needs, so any test passes alone.
beforeEach(async () => {
	cloud = await startCloudApiServer({
		clusters: [
			makeCluster({id: STANDARD, name: 'shop-prod', plan: 'STANDARD', cloud: 'AWS', sqlHost: 'localhost'}),
			makeCluster({id: '22222222-0000-4000-8000-000000000002', name: 'analytics', plan: 'ADVANCED', cloud: 'GCP', sqlHost: 'localhost', regions: ['us-east1', 'europe-west1']}),
			makeCluster({id: '22222222-0000-4000-8000-000000000003', name: 'building', plan: 'BASIC', cloud: 'GCP', state: 'CREATING'}),
		],
		caPem: readFileSync(pg.caCert, 'utf8'),
		sqlPort: pg.port,
		onSqlUser: followOnPostgres(sql => adminSql(pg, sql)),
	});
});

afterEach(async () => {
	expect(cloud.violations).toEqual([]);
	await cloud.close();
});

beforeAll(async () => {
	ipService = await startIpService('203.0.113.7');
	ipUrl = ipService.url;
});

afterAll(() => ipService.close());

/** A SQL user that already exists on the cluster (in the Cloud's list and as a PostgreSQL role) with this password. */
function existingUser(cluster: string, name: string, password: string): void {
	cloud.state.users[cluster]!.push(name);
	cloud.state.passwords[`${cluster}/${name}`] = password;
	followOnPostgres(sql => adminSql(pg, sql))(name, password);
}

const env = (home: string) => ({HOME: home, COCKROACH_API_KEY: cloud.apiKey, COCKROACH_SERVER: cloud.url, CRDB_CONNECT_CLOUD_POLL_MS: '10', NEW_PW: 'a long enough password!'});

describe('CockroachDB Cloud with an API key, scripted', () => {
	it('authorizes this network, creates the user, places the CA and logs in', async () => {
		const home = mkdtempSync(path.join(os.tmpdir(), 'crdb-cloud-'));
		cloud.state.propagatingFor[STANDARD] = 2;
		const result = await runCli(['--cluster', 'shop-prod', '--allow-current-ip', '--ip-lookup-url', ipUrl, '--sql-user', 'shop_app', '--create-user', '--password-env', 'NEW_PW', '--yes', '--no-launch'], {env: env(home)});
		expect(result.stderr).toContain('✔ Check the API key and list the clusters: organization Acme Support: 3 clusters');
		expect(result.stderr).toContain('✔ Find this machine\'s public IPv4 address and check the allowlist: your public IP is 203.0.113.7; not allowed yet by the allowlist (0 rules)');
		expect(result.stderr).toMatch(/✔ Add 203\.0\.113\.7\/32 to the allowlist and wait for it to apply: added 203\.0\.113\.7\/32; applied after 1 check while it propagated/);
		expect(result.stderr).toContain('✔ Create SQL user shop_app: created');
		expect(result.stderr).toContain(`✔ Download the CA certificate into ${home}/.postgresql/root.crt: added to ${home}/.postgresql/root.crt`);
		expect(result.stderr).toContain('✔ Log in as shop_app and run SELECT version(): PostgreSQL 15');
		expect(result.code).toBe(0);
		expect(result.stdout).toBe(`postgresql://shop_app@localhost:${pg.port}/defaultdb?sslmode=verify-full&sslrootcert=${home}/.postgresql/root.crt\n`);
		// What the Cloud API received.
		const calls = cloud.requests.map(r => `${r.method} ${r.path}`);
		expect(calls).toEqual(expect.arrayContaining(['GET /api/v1/organization', 'GET /api/v1/clusters', `POST /api/v1/clusters/${STANDARD}/networking/allowlist`, `POST /api/v1/clusters/${STANDARD}/sql-users`, `GET /api/v1/clusters/${STANDARD}/connection-string`, `GET /clusters/${STANDARD}/cert`]));
		expect(cloud.state.allowlists[STANDARD]).toEqual([{cidr_ip: '203.0.113.7', cidr_mask: 32, name: 'crdb-connect', sql: true, ui: false}]);
		expect(cloud.state.passwords[`${STANDARD}/shop_app`]).toBe('a long enough password!');
		expect(ipService.calls.length).toBeGreaterThan(0);
		// The key and the password never show in anything printed.
		expect(result.stdout + result.stderr).not.toContain(cloud.apiKey);
		expect(result.stdout + result.stderr).not.toContain('a long enough password!');
		// The CA was fetched without the key.
		expect(cloud.requests.find(r => r.path === `/clusters/${STANDARD}/cert`)!.headers.authorization).toBeUndefined();
	});

	it('does not add the address again once it is allowed, and resets an existing user\'s password', async () => {
		const home = mkdtempSync(path.join(os.tmpdir(), 'crdb-cloud-'));
		cloud.state.allowlists[STANDARD] = [{cidr_ip: '203.0.113.7', cidr_mask: 32, name: 'crdb-connect', sql: true, ui: false}];
		existingUser(STANDARD, 'shop_app', 'a long enough password!');
		const before = cloud.requests.length;
		const result = await runCli(['--cluster', STANDARD, '--allow-current-ip', '--ip-lookup-url', ipUrl, '--sql-user', 'shop_app', '--reset-password', '--password-env', 'NEW_PW', '--yes', '--no-launch'], {env: {...env(home), NEW_PW: 'another long password'}});
		expect(result.code).toBe(0);
		expect(result.stderr).toContain('already allowed by the allowlist (1 rule)');
		expect(result.stderr).toContain('✔ Set the password of SQL user shop_app: password set');
		expect(cloud.requests.slice(before).some(r => r.method === 'POST' && r.path.endsWith('/allowlist'))).toBe(false);
	});

	it('refuses a cluster that is still being created, with what to do', async () => {
		const result = await runCli(['--cluster', 'building', '--allow-current-ip', '--ip-lookup-url', ipUrl, '--sql-user', 'x_user', '--password-env', 'NEW_PW', '--yes', '--no-launch'], {env: env(mkdtempSync(path.join(os.tmpdir(), 'crdb-cloud-')))});
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('crdb-connect: stopped: building is still being created: wait until the Console shows it ready, then run crdb-connect again');
	});

	it('says the key is not valid, and exits non-zero', async () => {
		const result = await runCli(['--cluster', 'shop-prod', '--sql-user', 'x_user', '--password-env', 'NEW_PW', '--yes', '--no-launch'], {env: {...env(mkdtempSync(path.join(os.tmpdir(), 'crdb-cloud-'))), COCKROACH_API_KEY: 'CCDB1_revoked_key'}});
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(/stopped: the API key is not valid \(HTTP 401: invalid API key\)/);
		expect(result.stderr).not.toContain('CCDB1_revoked_key');
	});

	it('refuses a new password shorter than 12 characters before creating anything', async () => {
		const before = cloud.state.users[STANDARD]!.length;
		const result = await runCli(['--cluster', 'shop-prod', '--allow-current-ip', '--ip-lookup-url', ipUrl, '--sql-user', 'short_pw', '--create-user', '--password-env', 'NEW_PW', '--yes', '--no-launch'], {env: {...env(mkdtempSync(path.join(os.tmpdir(), 'crdb-cloud-'))), NEW_PW: 'too short'}});
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('a new password needs at least 12 characters');
		expect(cloud.state.users[STANDARD]).toHaveLength(before);
	});

	it('checks the region of a multi-region cluster', async () => {
		const result = await runCli(['--cluster', 'analytics', '--region', 'mars-1', '--allow-current-ip', '--ip-lookup-url', ipUrl, '--sql-user', 'x_user', '--password-env', 'NEW_PW', '--yes', '--no-launch'], {env: env(mkdtempSync(path.join(os.tmpdir(), 'crdb-cloud-')))});
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('✔ Check cluster analytics: ADVANCED on GCP, 2 regions');
		expect(result.stderr).toContain('analytics has no region "mars-1": use one of us-east1, europe-west1');
	});


	it('goes on when the public IP cannot be found, and takes a typed network (host bits cleared)', async () => {
		existingUser(STANDARD, 'shop_app', 'another long password');
		const result = await runCli(['--cluster', 'shop-prod', '--allow-cidr', '192.0.2.77/28', '--ip-lookup-url', 'http://127.0.0.1:9/', '--sql-user', 'shop_app', '--password-env', 'NEW_PW', '--yes', '--no-launch'], {env: {...env(mkdtempSync(path.join(os.tmpdir(), 'crdb-cloud-'))), NEW_PW: 'another long password'}});
		expect(result.stderr).toContain('could not find your public IP (http://127.0.0.1:9/ could not be reached)');
		expect(result.stderr).toContain('added 192.0.2.64/28 (host bits cleared)');
		expect(result.code).toBe(0);
		// A second run finds the rule there (HTTP 409) and carries on.
		const again = await runCli(['--cluster', 'shop-prod', '--allow-cidr', '192.0.2.64/28', '--ip-lookup-url', ipUrl, '--sql-user', 'shop_app', '--password-env', 'NEW_PW', '--yes', '--no-launch'], {env: {...env(mkdtempSync(path.join(os.tmpdir(), 'crdb-cloud-'))), NEW_PW: 'another long password'}});
		expect(again.code).toBe(0);
		expect(cloud.state.allowlists[STANDARD]!.filter(e => e.cidr_ip === '192.0.2.64')).toHaveLength(1);
	});

	it('adds 0.0.0.0/0 only after an explicit confirmation', async () => {
		const refused = await runCli(['--cluster', 'shop-prod', '--allow-cidr', '0.0.0.0/0', '--ip-lookup-url', ipUrl, '--sql-user', 'shop_app', '--password-env', 'NEW_PW', '--yes', '--no-launch'], {env: env(mkdtempSync(path.join(os.tmpdir(), 'crdb-cloud-')))});
		expect(refused.code).toBe(2);
		expect(refused.stderr).toContain('--confirm-open-network (not added: type a narrower network, or confirm with --confirm-open-network)');
		expect(cloud.state.allowlists[STANDARD]!.some(e => e.cidr_mask === 0)).toBe(false);
	});

	it('stops with a clear message when the allowlist keeps propagating', async () => {
		cloud.state.propagatingFor[STANDARD] = 1000;
		const result = await runCli(['--cluster', 'shop-prod', '--allow-cidr', '192.0.2.200/32', '--ip-lookup-url', ipUrl, '--sql-user', 'shop_app', '--password-env', 'NEW_PW', '--yes', '--no-launch'], {env: {...env(mkdtempSync(path.join(os.tmpdir(), 'crdb-cloud-'))), CRDB_CONNECT_CLOUD_WAIT_MS: '200'}});
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('the allowlist is still propagating after 0.2 s: continue in a minute (the rule is saved)');
	});
});

describe('CockroachDB Cloud allowlist options, scripted', () => {
	it('replaces 0.0.0.0/0 with this machine on a Basic cluster, after the new rule is in', async () => {
		const BASIC = '22222222-0000-4000-8000-000000000009';
		cloud.state.clusters.push(makeCluster({id: BASIC, name: 'open-basic', plan: 'BASIC', cloud: 'GCP', sqlHost: 'localhost'}));
		cloud.state.allowlists[BASIC] = [{cidr_ip: '0.0.0.0', cidr_mask: 0, name: 'everyone', sql: true, ui: false}];
		cloud.state.users[BASIC] = [];
		existingUser(BASIC, 'shop_app', 'another long password');
		cloud.state.databases[BASIC] = ['defaultdb'];
		cloud.state.peServices[BASIC] = [];
		cloud.state.peConnections[BASIC] = [];
		// 0.0.0.0/0 already covers this machine, so the user names the network to keep.
		const result = await runCli(['--cluster', 'open-basic', '--allow-cidr', '203.0.113.7/32', '--replace-open-network', '--ip-lookup-url', ipUrl, '--sql-user', 'shop_app', '--password-env', 'NEW_PW', '--yes', '--no-launch'], {env: {...env(mkdtempSync(path.join(os.tmpdir(), 'crdb-cloud-'))), NEW_PW: 'another long password'}});
		expect(result.stderr).toContain('note: 0.0.0.0/0 lets the whole internet reach the SQL port');
		expect(result.stderr).toContain('added 203.0.113.7/32; applied; then removed 0.0.0.0/0 (applied)');
		expect(result.code).toBe(0);
		expect(cloud.state.allowlists[BASIC]).toEqual([{cidr_ip: '203.0.113.7', cidr_mask: 32, name: 'crdb-connect', sql: true, ui: false}]);
		const order = cloud.requests.filter(r => r.path.startsWith(`/api/v1/clusters/${BASIC}/networking/allowlist`) && r.method !== 'GET').map(r => r.method);
		expect(order).toEqual(['POST', 'DELETE']);
	});

	it('gives DB Console access with --allow-ui on Advanced', async () => {
		const result = await runCli(['--cluster', 'analytics', '--region', 'us-east1', '--allow-cidr', '198.51.100.0/24', '--allow-ui', '--ip-lookup-url', ipUrl, '--sql-user', 'ui_user', '--create-user', '--password-env', 'NEW_PW', '--yes', '--no-launch'], {env: env(mkdtempSync(path.join(os.tmpdir(), 'crdb-cloud-')))});
		expect(result.stderr).toContain('added 198.51.100.0/24 with DB Console access');
		expect(cloud.state.allowlists['22222222-0000-4000-8000-000000000002']).toContainEqual({cidr_ip: '198.51.100.0', cidr_mask: 24, name: 'crdb-connect', sql: true, ui: true});
	});
});

describe('CockroachDB Cloud private connectivity, scripted', () => {
	const endpoint = 'vpce-0a1b2c3d4e5f60718';
	it('accepts an existing endpoint, waits until it is available, and connects to the internal host', async () => {
		existingUser(STANDARD, 'shop_app', 'another long password');
		const result = await runCli(['--cluster', 'shop-prod', '--private-endpoint', endpoint, '--ip-lookup-url', ipUrl, '--sql-user', 'shop_app', '--password-env', 'NEW_PW', '--yes', '--no-launch'], {env: {...env(mkdtempSync(path.join(os.tmpdir(), 'crdb-cloud-'))), NEW_PW: 'another long password'}});
		expect(result.stderr).toContain('✔ Find the private endpoint service of shop-prod in us-east1: AWS PrivateLink service com.amazonaws.vpce.us-east1.vpce-svc-0123456789abcdef0');
		expect(result.stderr).toContain(`✔ Accept endpoint ${endpoint} and wait until it is available: available after 1 check; connecting to localhost`);
		expect(result.code).toBe(0);
		const post = cloud.requests.find(r => r.method === 'POST' && r.path.endsWith('/private-endpoint-connections'))!;
		expect(post.body).toEqual({endpoint_id: endpoint});
		// Standard clusters already have their services: none is created.
		expect(cloud.requests.some(r => r.method === 'POST' && r.path.endsWith('/private-endpoint-services'))).toBe(false);
	});

	it('refuses an endpoint id of the wrong shape before calling anything', async () => {
		const before = cloud.requests.length;
		const result = await runCli(['--cluster', 'shop-prod', '--private-endpoint', 'my-endpoint', '--sql-user', 'shop_app', '--password-env', 'NEW_PW', '--yes'], {env: env(mkdtempSync(path.join(os.tmpdir(), 'crdb-cloud-')))});
		expect(result.code).toBe(2);
		expect(result.stderr).toContain('--private-endpoint: "my-endpoint" is not an endpoint id');
		expect(cloud.requests.length).toBe(before);
	});

	it('says when the endpoint is rejected, and when it stays pending', async () => {
		cloud.state.connectionOutcome = 'STATUS_REJECTED';
		try {
			const rejected = await runCli(['--cluster', 'shop-prod', '--private-endpoint', 'vpce-00000000000000001', '--ip-lookup-url', ipUrl, '--sql-user', 'shop_app', '--password-env', 'NEW_PW', '--yes', '--no-launch'], {env: env(mkdtempSync(path.join(os.tmpdir(), 'crdb-cloud-')))});
			expect(rejected.code).toBe(1);
			expect(rejected.stderr).toContain('the endpoint vpce-00000000000000001 is rejected: check it was created for this service and region, then add it again');
		} finally {
			cloud.state.connectionOutcome = 'STATUS_AVAILABLE';
		}

		cloud.state.connectionPolls = 1000;
		try {
			const pending = await runCli(['--cluster', 'shop-prod', '--private-endpoint', 'vpce-00000000000000002', '--ip-lookup-url', ipUrl, '--sql-user', 'shop_app', '--password-env', 'NEW_PW', '--yes', '--no-launch'], {env: {...env(mkdtempSync(path.join(os.tmpdir(), 'crdb-cloud-'))), CRDB_CONNECT_CLOUD_WAIT_MS: '200'}});
			expect(pending.code).toBe(1);
			expect(pending.stderr).toContain('the endpoint vpce-00000000000000002 is still pending after 0.2 s: check it in your cloud console, then run again (it stays registered)');
		} finally {
			cloud.state.connectionPolls = 1;
		}
	});
});
