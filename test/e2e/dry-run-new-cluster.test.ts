/**
--dry-run --create-cluster: a cluster that would be created first cannot be checked, so no task line reports a
result (✔ with a finding) about it; only what the spec-checking Cloud API server was really asked is reported.
*/
import {mkdtempSync, readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {startCloudApiServer, startIpService, type CloudApiServer} from '../helpers/cloud-api-server.js';

const pg = inject('pg');
let cloud: CloudApiServer;
let ipService: Awaited<ReturnType<typeof startIpService>>;

beforeAll(async () => {
	cloud = await startCloudApiServer({clusters: [], caPem: readFileSync(pg.caCert, 'utf8'), sqlPort: pg.port});
	ipService = await startIpService('198.51.100.77');
});

afterAll(async () => {
	await cloud.close();
	ipService.close();
});

describe('--dry-run --create-cluster', () => {
	it('prints no ✔ finding for a check the server was never asked: the new cluster\'s check, allowlist, users and databases read "not checked"', async () => {
		const home = mkdtempSync(path.join(os.tmpdir(), 'crdb-dry-new-'));
		const result = await runCli(['--create-cluster', 'drytest1', '--allow-current-ip', '--ip-lookup-url', ipService.url, '--sql-user', 'app', '--create-user', '--password-env', 'NEW_PW', '--yes', '--dry-run'], {env: {HOME: home, USER: 'ana', COCKROACH_API_KEY: cloud.apiKey, COCKROACH_SERVER: cloud.url, NEW_PW: 'a long enough password!'}});
		expect(result.code).toBe(0);
		// What the server was asked: the organization, the clusters, the regions. Nothing about drytest1.
		expect(cloud.requests.map(r => `${r.method} ${r.path}`)).toEqual(['GET /api/v1/organization', 'GET /api/v1/clusters', 'GET /api/v1/clusters/available-regions']);
		const done = result.stderr.split('\n').filter(line => line.startsWith('✔ '));
		// A ✔ line with a finding is only about those reads (or this machine); every other one says planned or not checked.
		const findings = done.filter(line => !/: (planned, not done|not checked) \(dry run/.test(line));
		for (const line of findings) expect(line).toMatch(/^✔ (Check the API key and list the clusters|List the regions offered for a new Basic cluster|Find a SQL shell)/);
		expect(result.stderr).toContain('✔ Check cluster drytest1: not checked (dry run: the cluster would be created first)');
		expect(result.stderr).toMatch(/✔ Find this machine's public IPv4 address and check the allowlist: not checked \(dry run/);
		expect(result.stderr).toMatch(/✔ Look up SQL user app: not checked \(dry run/);
		expect(result.stderr).toMatch(/✔ List the databases of drytest1: not checked \(dry run/);
		expect(result.stderr).not.toContain('BASIC on AWS, 1 region');
		expect(result.stderr).not.toContain('allowlist (0 rules)');
		expect(result.stderr).not.toContain('app does not exist yet');
		expect(cloud.violations).toEqual([]);
	});
});
