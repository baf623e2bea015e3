/**
--dry-run says only what is true: every line of the run (stderr) and of the plan (stdout) speaks of what would
be done, never of a change as made, against the spec-checking Cloud API server (which must see no mutation).
*/
import {mkdtempSync, readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {makeCluster, startCloudApiServer, startIpService, type CloudApiServer} from '../helpers/cloud-api-server.js';

const pg = inject('pg');
let cloud: CloudApiServer;
let ipService: Awaited<ReturnType<typeof startIpService>>;
const ID = '77777777-0000-4000-8000-000000000001';

beforeAll(async () => {
	cloud = await startCloudApiServer({clusters: [makeCluster({id: ID, name: 'dry-basic', plan: 'BASIC', cloud: 'GCP'})], caPem: readFileSync(pg.caCert, 'utf8'), sqlPort: pg.port});
	ipService = await startIpService('203.0.113.44');
});

afterAll(async () => {
	await cloud.close();
	ipService.close();
});

describe('--dry-run', () => {
	it('reports every change as planned, not made, and changes nothing', async () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'crdb-dry-'));
		const result = await runCli(['--cluster', 'dry-basic', '--allow-current-ip', '--ip-lookup-url', ipService.url, '--sql-user', 'ana_app', '--create-user', '--password-env', 'NEW_PW', '--yes', '--dry-run'], {env: {HOME: dir, USER: 'ana', COCKROACH_API_KEY: cloud.apiKey, COCKROACH_SERVER: cloud.url, NEW_PW: 'a long enough password!'}});
		expect(result.code).toBe(0);
		// The changes: planned, and said so on their own lines.
		expect(result.stderr).toContain('✔ Add 203.0.113.44/32 to the allowlist and wait for it to apply: planned, not done (dry run: see the plan at the end)');
		expect(result.stderr).toContain('✔ Create SQL user ana_app: planned, not done (dry run: see the plan at the end)');
		expect(result.stderr).toMatch(/✔ Download the CA certificate into \S+root\.crt: planned, not done \(dry run: see the plan at the end\)/);
		// The checks that would need them (or the server): not run, and said so.
		expect(result.stderr).toMatch(/✔ Reach dry-basic-1000\S+ over TCP: not checked \(dry run\)/);
		expect(result.stderr).toContain('✔ Log in as ana_app and run SELECT version(): not checked (dry run)');
		// Reads are real: the clusters and the public IP were looked up.
		expect(result.stderr).toContain('✔ Check the API key and list the clusters: organization Acme Support: 1 cluster');
		expect(result.stderr).toContain('your public IP is 203.0.113.44');
		// No line speaks of a change as made.
		expect(result.stderr).not.toMatch(/: (created|added|applied|uploaded|replaced)\b/);
		expect(result.stdout).toContain('Dry run: nothing was changed. The plan, in order:');
		expect(cloud.requests.filter(r => r.method !== 'GET')).toEqual([]);
		expect(cloud.violations).toEqual([]);
	});
});
