/**
The doctor's own Cloud calls show their waits as the wizard's do: once an answer has taken over a second, a line
says what it waits for and for how long at most. Through the binary, against the spec-checking Cloud API server
holding its answer to GET /api/v1/clusters, with the public-IP service on loopback. The connection stages stop at
the certificate files (a CA file that is not there), so no name is resolved; a network stand-in refuses (and logs)
any connect to a non-loopback address.
*/
import {existsSync, mkdtempSync, readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {BIN, runCli} from '../helpers/cli.js';
import {makeCluster, startCloudApiServer, startIpService, type CloudApiServer} from '../helpers/cloud-api-server.js';
import {spawnPty, type PtySession} from '../helpers/pty.js';

const HOST = 'blue-dog-123.gcp-us-east1.cockroachlabs.cloud';
const WAIT_LINE = /… waiting for the Cloud API to answer GET \/api\/v1\/clusters \(\d+ s so far; at most 8 s\)/;
let api: CloudApiServer;
let ipService: Awaited<ReturnType<typeof startIpService>>;
let session: PtySession | undefined;

beforeAll(async () => {
	api = await startCloudApiServer({clusters: [makeCluster({id: '7b0c1d2e-0000-4000-8000-000000000009', name: 'blue-dog', plan: 'BASIC', cloud: 'GCP', sqlHost: HOST})]});
	ipService = await startIpService('203.0.113.7');
});

afterEach(() => {
	session?.kill();
	api.clearFaults();
	expect(api.violations).toEqual([]);
});

afterAll(async () => {
	await api.close();
	ipService.close();
});

/** The doctor's environment: a key, the test servers, a CA file that is not there, and the network stand-in. */
function doctorEnv(): {env: NodeJS.ProcessEnv; netLog: string} {
	const home = mkdtempSync(path.join(os.tmpdir(), 'crdb-doctor-wait-'));
	const netLog = path.join(home, 'net.log');
	const env = {
		HOME: home,
		U: `postgresql://ana@${HOST}:26257/defaultdb?sslmode=verify-full&sslrootcert=${path.join(home, 'no-such-ca.crt')}`,
		COCKROACH_API_KEY: api.apiKey,
		COCKROACH_SERVER: api.url,
		CRDB_CONNECT_IP_URL: ipService.url,
		NODE_OPTIONS: `--import ${path.resolve('test/helpers/net-redirect.mjs')}`,
		CRDB_TEST_NET_LOG: netLog,
	};
	return {env, netLog};
}

const blocked = (netLog: string) => (existsSync(netLog) ? readFileSync(netLog, 'utf8').trim().split('\n').filter(Boolean) : []);

describe('doctor shows the Cloud API\'s waits', () => {
	it('piped: a slow answer gets a wait line on stderr (stdout keeps the checks, and --json stays JSON)', async () => {
		for (const json of [false, true]) {
			api.fault({method: 'GET', path: /^\/api\/v1\/clusters$/, delayMs: 2500, times: 1});
			const {env, netLog} = doctorEnv();
			const run = await runCli(['doctor', '--url-env', 'U', ...(json ? ['--json'] : [])], {env});
			expect(run.code).toBe(1);
			expect(run.stderr).toMatch(WAIT_LINE);
			expect(run.stdout).not.toMatch(WAIT_LINE);
			// The wait ended in an answer: the cluster was found by its host.
			const cloud = json ? (JSON.parse(run.stdout) as {checks: Array<{id: string; detail: string}>}).checks.find(c => c.id === 'cloud')!.detail : run.stdout;
			expect(cloud).toContain('cluster blue-dog (7b0c1d2e-0000-4000-8000-000000000009)');
			expect(blocked(netLog)).toEqual([]);
		}
	});

	it('in a terminal: the line shows while the answer is still held, then the Cloud check', async () => {
		api.fault({method: 'GET', path: /^\/api\/v1\/clusters$/, delayMs: 4000, times: 1});
		const {env, netLog} = doctorEnv();
		const s = (session = spawnPty('/bin/bash', ['--norc', '--noprofile', '-c', `${process.execPath} ${BIN} doctor --url-env U; echo "EXIT=$?"`], {env: {...env, PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`}}));
		await s.waitForScreen(WAIT_LINE, 20_000);
		// Shown during the wait, not after it: the server still holds the answer.
		expect(api.inFlight).toBe(1);
		const screen = await s.waitForScreen('EXIT=1', 20_000);
		expect(screen).toContain('cluster blue-dog (7b0c1d2e-0000-4000-8000-000000000009)');
		expect(screen.indexOf('cluster blue-dog')).toBeGreaterThan(screen.search(WAIT_LINE));
		expect(blocked(netLog)).toEqual([]);
	});
});
