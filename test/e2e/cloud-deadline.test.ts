/**
Every Cloud API request is bounded, even when the process collects garbage while it waits: a server that holds
its answer makes the request end at its deadline with the clear error, through the binary (the wizard, whose
requests also follow the run's cancel signal), against the spec-checking Cloud API server. A preload runs a full GC
every 20 ms, as a long wait would.
*/
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, it, vi} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {makeCluster, startCloudApiServer, type CloudApiServer} from '../helpers/cloud-api-server.js';

let api: CloudApiServer;

beforeAll(async () => {
	api = await startCloudApiServer({clusters: [makeCluster({id: '7b0c1d2e-0000-4000-8000-00000000000d', name: 'deadline', plan: 'BASIC', cloud: 'GCP'})]});
});

afterEach(async () => {
	api.clearFaults();
	// The held answers end on their own (the delay), before the server closes.
	await vi.waitFor(() => expect(api.inFlight).toBe(0), {timeout: 20_000, interval: 50});
	expect(api.violations).toEqual([]);
});

afterAll(async () => {
	await api.close();
});

const env = () => ({
	HOME: mkdtempSync(path.join(os.tmpdir(), 'crdb-deadline-')),
	COCKROACH_API_KEY: api.apiKey,
	COCKROACH_SERVER: api.url,
	CRDB_CONNECT_CLOUD_TIMEOUT_MS: '1500',
	// One attempt: the deadline of that attempt is what is tested, not the retries.
	CRDB_CONNECT_CLOUD_MAX_WAIT_MS: '1',
	NODE_OPTIONS: `--import ${path.resolve('test/helpers/gc-often.mjs')}`,
});

describe('a Cloud API request ends at its deadline, garbage collection or not', () => {
	it('the wizard (scripted, with a cancel signal joined to the deadline) stops at 1.5 s with the clear error', async () => {
		api.fault({method: 'GET', path: /^\/api\/v1\/organization$/, delayMs: 5000});
		const run = await runCli(['--cluster', 'deadline', '--sql-user', 'ana', '--password-env', 'PW', '--yes', '--no-launch'], {env: {...env(), PW: 'a long enough test password'}});
		expect(run.stderr).toContain('the Cloud API did not answer GET /api/v1/organization within 1.5 s (tried 1 times)');
		expect(run.code).toBe(1);
		expect(run.stderr).toContain('Nothing was changed.');
		// It gave up while the server still held the answer (5 s), not when the answer came.
		expect(api.inFlight).toBe(1);
	});
});
