/**
--json through the real binary: one JSON object on stdout, checked field by field, for a self-hosted login on
the test PostgreSQL and for a Cloud run against the spec-checking server (whose changes come from the journal);
human text on stderr; failures are JSON too.
*/
import {mkdtempSync, readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, inject, it} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {followOnPostgres, makeCluster, startCloudApiServer, startIpService, type CloudApiServer} from '../helpers/cloud-api-server.js';
import {adminSql, createPasswordUser} from '../helpers/pg-server.js';

const pg = inject('pg');
const RUN = `${process.pid}_${Date.now().toString(36)}`;
const USER = `json_user_${RUN}`;
const PASSWORD = 'json password 0123';
let cloud: CloudApiServer;
let ipService: Awaited<ReturnType<typeof startIpService>>;
const CLUSTER = 'aaaaaaaa-0000-4000-8000-000000000001';

beforeAll(async () => {
	createPasswordUser(pg, USER, PASSWORD);
	cloud = await startCloudApiServer({
		clusters: [makeCluster({id: CLUSTER, name: 'json-std', plan: 'STANDARD', cloud: 'AWS', sqlHost: 'localhost'})],
		caPem: readFileSync(pg.caCert, 'utf8'),
		sqlPort: pg.port,
		onSqlUser: followOnPostgres(sql => adminSql(pg, sql)),
	});
	ipService = await startIpService('203.0.113.11');
});

afterEach(() => expect(cloud.violations).toEqual([]));
afterAll(async () => {
	await cloud.close();
	ipService.close();
});

describe('--json', () => {
	it('self-hosted: one object with the connection, the shell command and each check; no secret; human text on stderr', async () => {
		const home = mkdtempSync(path.join(os.tmpdir(), 'crdb-json-'));
		const result = await runCli(['--host', 'localhost', '--port', String(pg.port), '--user', USER, '--password-env', 'PW', '--ca-cert', pg.caCert, '--json'], {env: {HOME: home, PW: PASSWORD}});
		expect(result.code).toBe(0);
		const report = JSON.parse(result.stdout) as Record<string, unknown>;
		expect(report.ok).toBe(true);
		expect(report.url).toBe(`postgresql://${USER}@localhost:${pg.port}/defaultdb?sslmode=verify-full&sslrootcert=${pg.caCert}`);
		expect(report.host).toBe('localhost');
		expect(report.port).toBe(pg.port);
		expect(report.user).toBe(USER);
		expect(report.database).toBe('defaultdb');
		expect(report.sslmode).toBe('verify-full');
		expect(report.sslrootcert).toBe(pg.caCert);
		expect(report.sslcert).toBeNull();
		expect(report.sslkey).toBeNull();
		expect(report.passwordEnv).toBe('PW');
		expect(report.shellCommand).toMatch(new RegExp(`^(cockroach sql --url|psql) 'postgresql://${USER}@localhost:${pg.port}/defaultdb\\?sslmode=verify-full&sslrootcert=`));
		expect(report.changes).toEqual([]);
		const checks = report.checks as Array<{step: string; title: string; result: string}>;
		expect(checks.map(c => c.step)).toEqual(expect.arrayContaining(['reach', 'caCheck', 'check']));
		expect(checks.find(c => c.step === 'check')).toEqual({step: 'check', title: `Log in as ${USER} and run SELECT version()`, result: expect.stringMatching(/^PostgreSQL 15/)});
		expect(result.stdout).not.toContain(PASSWORD);
		expect(result.stderr).toContain(`✔ Log in as ${USER} and run SELECT version()`);
	});

	it('Cloud: the changes are the run\'s journal (the allowlist rule and the user), with their undo', async () => {
		const home = mkdtempSync(path.join(os.tmpdir(), 'crdb-json-'));
		const result = await runCli(['--cluster', 'json-std', '--allow-current-ip', '--ip-lookup-url', ipService.url, '--sql-user', `json_cloud_${RUN}`, '--create-user', '--password-env', 'PW', '--json'], {env: {HOME: home, PW: PASSWORD, COCKROACH_API_KEY: cloud.apiKey, COCKROACH_SERVER: cloud.url, CRDB_CONNECT_CLOUD_POLL_MS: '10'}});
		expect(result.code).toBe(0);
		const report = JSON.parse(result.stdout) as {changes: Array<{kind: string; description: string; undo: string | null}>; checks: Array<{step: string; result: string}>; sslrootcert: string; user: string};
		expect(report.user).toBe(`json_cloud_${RUN}`);
		expect(report.sslrootcert).toBe(path.join(home, '.postgresql', 'root.crt'));
		expect(report.changes.map(c => c.kind)).toEqual(expect.arrayContaining(['allowlist-entry', 'sql-user-created']));
		expect(report.changes.find(c => c.kind === 'allowlist-entry')!.description).toBe('added 203.0.113.11/32 to the IP allowlist of json-std');
		expect(report.changes.find(c => c.kind === 'allowlist-entry')!.undo).toContain(`/api/v1/clusters/${CLUSTER}/networking/allowlist/203.0.113.11/32`);
		expect(report.checks.find(c => c.step === 'check')!.result).toMatch(/^PostgreSQL 15/);
		expect(result.stdout).not.toContain(PASSWORD);
		expect(result.stdout).not.toContain(cloud.apiKey);
	});

	it('a run that stops is JSON too, with what it changed', async () => {
		const result = await runCli(['--host', 'localhost', '--json'], {env: {HOME: mkdtempSync(path.join(os.tmpdir(), 'crdb-json-'))}});
		expect(result.code).toBe(2);
		const report = JSON.parse(result.stdout) as {ok: boolean; missing: string[]; changes: unknown[]};
		expect(report.ok).toBe(false);
		expect(report.missing).toContain('--user');
		expect(report.changes).toEqual([]);
		expect(result.stderr).toContain('missing answers');
	});
});
