/**
Changing "Also allow DB Console (UI) access" after Back changes the rule this run added (PATCH), journaled with
its undo; a rule that was there before the run gains what was asked for and loses nothing. Against the
spec-checking Cloud API server, counting its requests.
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
const ADV = '55555555-0000-4000-8000-000000000002';
let cloud: CloudApiServer;
let ipService: Awaited<ReturnType<typeof startIpService>>;
let session: PtySession | undefined;

beforeAll(async () => {
	cloud = await startCloudApiServer({
		clusters: [
			makeCluster({id: '55555555-0000-4000-8000-000000000001', name: 'ui-other', plan: 'BASIC', cloud: 'GCP', sqlHost: 'localhost'}),
			makeCluster({id: ADV, name: 'ui-adv', plan: 'ADVANCED', cloud: 'GCP', sqlHost: 'localhost'}),
		],
		caPem: readFileSync(pg.caCert, 'utf8'),
		sqlPort: pg.port,
		onSqlUser: followOnPostgres(sql => adminSql(pg, sql)),
	});
	ipService = await startIpService('198.51.100.77');
});

afterEach(() => {
	session?.kill();
	expect(cloud.violations).toEqual([]);
});

afterAll(async () => {
	await cloud.close();
	ipService.close();
});

const allowlistCalls = (from: number) => cloud.requests.slice(from).filter(r => r.path.includes('/networking/allowlist') && r.method !== 'GET').map(r => `${r.method} ${r.path.replace(/^.*\/networking\/allowlist/, '…')} ${JSON.stringify(r.body ?? null)}`);

describe('DB Console access changed after Back', () => {
	it('Ink: "no", the rule is POSTed; Back to the question, "yes": one PATCH of that rule (ui:true), journaled with its undo', async () => {
		cloud.state.allowlists[ADV] = [];
		const before = cloud.requests.length;
		const home = mkdtempSync(path.join(os.tmpdir(), 'crdb-ui-back-'));
		const env = {HOME: home, USER: 'ana', PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`, COCKROACH_API_KEY: cloud.apiKey, COCKROACH_SERVER: cloud.url, CRDB_CONNECT_IP_URL: ipService.url, CRDB_CONNECT_CLOUD_POLL_MS: '10'};
		const s = (session = spawnPty('/bin/bash', ['--norc', '--noprofile', '-c', `${process.execPath} ${BIN} --cluster ui-adv; echo "EXIT=$?"`], {env}));
		await s.waitForScreen('❯ Accept the plan', 20_000);
		s.write('e');
		await s.waitForScreen('? How will this machine reach the cluster?');
		s.write('\r');
		await s.waitForScreen('? Authorize which network?');
		s.write('\r');
		await s.waitForScreen('? Also allow DB Console (UI) access from this network?');
		s.write('n');
		await s.waitForScreen('? SQL user name', 20_000);
		expect(allowlistCalls(before)).toEqual(['POST … {"cidr_ip":"198.51.100.77","cidr_mask":32,"name":"crdb-connect","sql":true,"ui":false}']);
		// Back over the passed task to the DB Console question.
		s.write('\u001B');
		await s.waitForScreen('↩ back to: Also allow DB Console (UI) access from this network?');
		s.write('y');
		await s.waitForScreen('? SQL user name', 20_000);
		// The title says what is done to the rule: no "Add" for a PATCH.
		await s.waitForScreen(/↩ back to: Also allow DB Console[^]*✔ Allow DB Console access on 198\.51\.100\.77\/32 \(added by this run\) and wait for it to apply ·\s+allowed/);
		expect(s.screen().replace(/\n/g, '')).toContain('allowed DB Console access on 198.51.100.77/32 (added by this run): now SQL and DB Console access');
		// One rule, changed in place: no second POST, one PATCH.
		expect(allowlistCalls(before)).toEqual([
			'POST … {"cidr_ip":"198.51.100.77","cidr_mask":32,"name":"crdb-connect","sql":true,"ui":false}',
			'PATCH …/198.51.100.77/32 {"sql":true,"ui":true}',
		]);
		expect(cloud.state.allowlists[ADV]).toEqual([expect.objectContaining({cidr_ip: '198.51.100.77', cidr_mask: 32, sql: true, ui: true})]);
		// The summary says both changes, each with its undo.
		s.write('\u0003');
		const screen = (await s.waitForScreen('EXIT=130')).replace(/\n/g, '');
		expect(screen).toContain('added 198.51.100.77/32 to the IP allowlist of ui-adv');
		expect(screen).toContain('allowed DB Console access on 198.51.100.77/32 (added by this run) in the IP allowlist of ui-adv: now SQL and DB Console access, was SQL access, not the DB Console');
		expect(screen).toContain(`curl -X PATCH -H "Authorization: Bearer $COCKROACH_API_KEY" -H 'Content-Type: application/json' -d '{"sql":true,"ui":false}'`);
	});

	it('scripted, a rule for the network that was there before (SQL only): --allow-ui adds DB Console access to it (PATCH, undo given), never takes SQL away', async () => {
		cloud.state.allowlists[ADV] = [{cidr_ip: '203.0.113.0', cidr_mask: 24, name: 'office', sql: true, ui: false}];
		const before = cloud.requests.length;
		const home = mkdtempSync(path.join(os.tmpdir(), 'crdb-ui-back-'));
		const result = await runCli(['--cluster', 'ui-adv', '--allow-cidr', '203.0.113.0/24', '--allow-ui', '--ip-lookup-url', ipService.url, '--sql-user', 'ui_user', '--password-env', 'PW', '--create-user', '--yes', '--dry-run'], {env: {HOME: home, COCKROACH_API_KEY: cloud.apiKey, COCKROACH_SERVER: cloud.url, PW: 'a long enough password'}});
		expect(result.code).toBe(0);
		// The dry run plans the change to the entry it found (a PATCH, not a POST the API would refuse); no change is made.
		expect(`${result.stdout}${result.stderr}`).toMatch(/PATCH[^\n]*networking\/allowlist\/203\.0\.113\.0\/24/);
		expect(`${result.stdout}${result.stderr}`).not.toMatch(/POST[^\n]*networking\/allowlist/);
		expect(allowlistCalls(before)).toEqual([]);
		const real = await runCli(['--cluster', 'ui-adv', '--allow-cidr', '203.0.113.0/24', '--allow-ui', '--ip-lookup-url', ipService.url, '--sql-user', 'ui_user', '--password-env', 'PW', '--create-user', '--yes', '--no-launch'], {env: {HOME: home, COCKROACH_API_KEY: cloud.apiKey, COCKROACH_SERVER: cloud.url, CRDB_CONNECT_CLOUD_POLL_MS: '10', PW: 'a long enough password'}});
		expect(real.stderr).toContain('✔ Allow DB Console access on the existing entry 203.0.113.0/24 and wait for it to apply: allowed DB Console access on the existing entry 203.0.113.0/24: now SQL and DB Console access');
		expect(real.stderr).not.toContain('Add 203.0.113.0/24');
		expect(real.stderr).toContain('allowed DB Console access on the existing entry 203.0.113.0/24 in the IP allowlist of ui-adv: now SQL and DB Console access, was SQL access, not the DB Console');
		// The look-up found the entry: it is changed, not POSTed again (which the API refuses with 409).
		expect(allowlistCalls(before)).toEqual(['PATCH …/203.0.113.0/24 {"sql":true,"ui":true}']);
		expect(cloud.state.allowlists[ADV]).toEqual([expect.objectContaining({cidr_ip: '203.0.113.0', cidr_mask: 24, name: 'office', sql: true, ui: true})]);
		// A second run wants what the rule allows: nothing is sent, and it says so.
		const again = cloud.requests.length;
		const second = await runCli(['--cluster', 'ui-adv', '--allow-cidr', '203.0.113.0/24', '--ip-lookup-url', ipService.url, '--sql-user', 'ui_user', '--password-env', 'PW', '--create-user', '--yes', '--no-launch'], {env: {HOME: home, COCKROACH_API_KEY: cloud.apiKey, COCKROACH_SERVER: cloud.url, CRDB_CONNECT_CLOUD_POLL_MS: '10', PW: 'a long enough password'}});
		expect(second.stderr).toContain('✔ Check that 203.0.113.0/24 is on the allowlist and wait for it to apply: 203.0.113.0/24 was on the allowlist already (not added by this run): SQL and DB Console access (left as it is)');
		expect(allowlistCalls(again)).toEqual([]);
		expect(cloud.state.allowlists[ADV]).toEqual([expect.objectContaining({cidr_ip: '203.0.113.0', cidr_mask: 24, sql: true, ui: true})]);
	});

	it('scripted, an entry for the network that allows only the DB Console: the title, the result and the journal say SQL access is allowed on the existing entry, and the undo PATCHes it back', async () => {
		cloud.state.allowlists[ADV] = [{cidr_ip: '192.0.2.0', cidr_mask: 24, name: 'ops', sql: false, ui: true}];
		const before = cloud.requests.length;
		const home = mkdtempSync(path.join(os.tmpdir(), 'crdb-ui-back-'));
		const result = await runCli(['--cluster', 'ui-adv', '--allow-cidr', '192.0.2.0/24', '--ip-lookup-url', ipService.url, '--sql-user', 'ui_user2', '--password-env', 'PW', '--create-user', '--yes', '--no-launch'], {env: {HOME: home, COCKROACH_API_KEY: cloud.apiKey, COCKROACH_SERVER: cloud.url, CRDB_CONNECT_CLOUD_POLL_MS: '10', PW: 'a long enough password'}});
		expect(result.code).toBe(0);
		expect(result.stderr).toContain('✔ Allow SQL access on the existing entry 192.0.2.0/24 and wait for it to apply: allowed SQL access on the existing entry 192.0.2.0/24: now SQL and DB Console access');
		expect(result.stderr).not.toMatch(/Add 192\.0\.2\.0\/24|added 192\.0\.2\.0\/24/);
		expect(result.stderr).toContain('allowed SQL access on the existing entry 192.0.2.0/24 in the IP allowlist of ui-adv: now SQL and DB Console access, was DB Console access, not SQL');
		expect(result.stderr).toContain(`-d '{"sql":false,"ui":true}' "\${COCKROACH_SERVER:-https://cockroachlabs.cloud}/api/v1/clusters/${ADV}/networking/allowlist/192.0.2.0/24"`);
		expect(allowlistCalls(before)).toEqual(['PATCH …/192.0.2.0/24 {"sql":true,"ui":true}']);
		expect(cloud.state.allowlists[ADV]).toEqual([expect.objectContaining({cidr_ip: '192.0.2.0', cidr_mask: 24, name: 'ops', sql: true, ui: true})]);
	});
});
