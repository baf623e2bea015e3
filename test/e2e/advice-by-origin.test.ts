/**
A failure's advice follows where the host came from, not what it is called: through the real binary, a host typed
for a cluster of one's own (even one named like a Cloud host) gets self-hosted advice, and a Cloud cluster whose
address is an IP gets Cloud advice. Against the real PostgreSQL server on loopback and the spec-checking Cloud API
server; the only stand-in is DNS (test/helpers/dns-standin.mjs: no query leaves the machine).
*/
import {mkdtempSync, readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, inject, it} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {followOnPostgres, makeCluster, startCloudApiServer, startIpService, type CloudApiServer} from '../helpers/cloud-api-server.js';
import {adminSql, createPasswordUser} from '../helpers/pg-server.js';

const pg = inject('pg');
const CLOUD_LIKE = 'blue-dog-123.aws-us-east-1.cockroachlabs.cloud';
let cloud: CloudApiServer;
let ipService: Awaited<ReturnType<typeof startIpService>>;

beforeAll(async () => {
	cloud = await startCloudApiServer({
		// Its SQL host is an IP address, as a private endpoint's may be.
		clusters: [makeCluster({id: '55555555-0000-4000-8000-0000000000a1', name: 'by-ip', plan: 'STANDARD', cloud: 'AWS', regions: ['us-east-1'], sqlHost: '127.0.0.1'})],
		caPem: readFileSync(pg.caCert, 'utf8'),
		sqlPort: pg.port,
		onSqlUser: followOnPostgres(sql => adminSql(pg, sql)),
	});
	ipService = await startIpService('203.0.113.61');
});

afterEach(() => expect(cloud.violations).toEqual([]));
afterAll(async () => {
	await cloud.close();
	ipService.close();
});

const home = () => mkdtempSync(path.join(os.tmpdir(), 'crdb-advice-'));
/** The binary with DNS answered on this machine: the names given resolve to loopback, any other name is not found. */
const dnsEnv = (names: Record<string, string>) => ({NODE_OPTIONS: `--import ${path.resolve('test/helpers/dns-standin.mjs')}`, CRDB_TEST_DNS: JSON.stringify(names)});

describe('a typed host (a cluster of one\'s own)', () => {
	it('named like a Cloud host: a wrong password gets ALTER USER advice, not the Console\'s', async () => {
		createPasswordUser(pg, 'advice_self', 'the right password!');
		const result = await runCli(['--host', CLOUD_LIKE, '--port', String(pg.port), '--user', 'advice_self', '--auth', 'password', '--password-env', 'PW', '--database', 'defaultdb', '--sslmode', 'require', '--yes', '--no-launch'], {env: {HOME: home(), PW: 'not the password at all', ...dnsEnv({[CLOUD_LIKE]: '127.0.0.1'})}});
		expect(result.code).not.toBe(0);
		expect(result.stderr).toContain(`✔ Reach ${CLOUD_LIKE}:${pg.port} over TCP: reached 127.0.0.1:${pg.port}`);
		expect(result.stderr).toContain('password authentication failed for user "advice_self"');
		expect(result.stderr).toContain('Fix: check the user name and the password (an admin can set a new one: ALTER USER … WITH PASSWORD)');
		expect(result.stderr).not.toContain('Console');
	});

	it('that does not resolve: check the name you gave, not "copy it from the Console"', async () => {
		const result = await runCli(['--host', 'db7.corp.example', '--port', String(pg.port), '--user', 'advice_self', '--auth', 'password', '--password-env', 'PW', '--database', 'defaultdb', '--sslmode', 'require', '--yes', '--no-launch'], {env: {HOME: home(), PW: 'not the password at all', ...dnsEnv({})}});
		expect(result.code).not.toBe(0);
		expect(result.stderr).toContain(`✖ Reach db7.corp.example:${pg.port} over TCP: cannot resolve the host name "db7.corp.example". Fix: check the host name you gave (its spelling), and your DNS or VPN (a name on a private network resolves only inside it)`);
		expect(result.stderr).not.toContain('Console');
	});
});

describe('a Cloud cluster whose address is an IP', () => {
	it('a wrong password for an existing SQL user gets the Cloud advice (--reset-password, or the Console), not ALTER USER', async () => {
		createPasswordUser(pg, 'advice_cloud', 'the right password!');
		cloud.state.users['55555555-0000-4000-8000-0000000000a1']!.push('advice_cloud');
		const result = await runCli(['--cluster', 'by-ip', '--allow-current-ip', '--ip-lookup-url', ipService.url, '--sql-user', 'advice_cloud', '--password-env', 'PW', '--yes', '--no-launch'], {env: {HOME: home(), COCKROACH_API_KEY: cloud.apiKey, COCKROACH_SERVER: cloud.url, CRDB_CONNECT_CLOUD_POLL_MS: '10', PW: 'not the password at all'}});
		expect(result.code).not.toBe(0);
		expect(result.stderr).toContain('password authentication failed for user "advice_cloud"');
		expect(result.stderr).toContain('Fix: check the user name and the password (to set a new one: run again with --reset-password, or reset it in the Console under SQL Users)');
		expect(result.stderr).not.toContain('ALTER USER');
	});
});
