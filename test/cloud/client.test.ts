/** The Cloud API client against the local server that checks every request and response against the spec. */
import {execFile} from 'node:child_process';
import {promisify} from 'node:util';
import {mkdtempSync, readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, it, vi} from 'vitest';
import {CloudApiError, CloudClient, MAX_ANSWER_BYTES, retryAfterMs} from '../../src/cloud/client.js';
import type {WaitNotice} from '../../src/core/wait-notice.js';
import {makeCluster, startCloudApiServer, type CloudApiServer} from '../helpers/cloud-api-server.js';

let server: CloudApiServer;
const slept: number[] = [];
const client = (over: Partial<ConstructorParameters<typeof CloudClient>[0]> = {}) =>
	new CloudClient({apiKey: server.apiKey, server: server.url, userAgent: 'crdb-connect/0.1.0', sleep: async ms => void slept.push(ms), timeoutMs: 2000, ...over});

beforeAll(async () => {
	server = await startCloudApiServer({
		clusters: [
			makeCluster({id: '11111111-0000-4000-8000-000000000001', name: 'basic-gcp', plan: 'BASIC', cloud: 'GCP'}),
			makeCluster({id: '11111111-0000-4000-8000-000000000002', name: 'standard-aws', plan: 'STANDARD', cloud: 'AWS', regions: ['us-east-1', 'eu-west-1']}),
			makeCluster({id: '11111111-0000-4000-8000-000000000003', name: 'advanced-azure', plan: 'ADVANCED', cloud: 'AZURE'}),
			makeCluster({id: '11111111-0000-4000-8000-000000000004', name: 'locked-one', plan: 'ADVANCED', cloud: 'GCP', state: 'LOCKED'}),
		],
	});
});

afterEach(() => {
	// A request or response that breaks the spec fails the test that caused it.
	expect(server.violations).toEqual([]);
	slept.length = 0;
});

afterAll(() => server.close());

describe('the Cloud API client', () => {
	it('sends the bearer key, Cc-Version and a User-Agent naming crdb-connect', async () => {
		const org = await client().getOrganization();
		expect(org.label).toBe('acme-support');
		const seen = server.requests.at(-1)!;
		expect(seen.headers).toMatchObject({authorization: `Bearer ${server.apiKey}`, 'cc-version': '2024-09-16', 'user-agent': 'crdb-connect/0.1.0'});
	});

	it('says the key is not valid on 401', async () => {
		await expect(client({apiKey: 'CCDB1_wrong_key'}).getOrganization()).rejects.toThrow(/^the API key is not valid \(HTTP 401: invalid API key\): check COCKROACH_API_KEY/);
	});

	it('names the missing role on 403, with the API\'s message', async () => {
		server.fault({method: 'POST', path: /\/sql-users$/, status: 403, times: 1});
		await expect(client().createSqlUser('11111111-0000-4000-8000-000000000001', 'app', 'a long password 1')).rejects.toThrow('the API key\'s service account may not POST /api/v1/clusters/11111111-0000-4000-8000-000000000001/sql-users (HTTP 403: injected 403): give it Cluster Admin');
	});

	it('follows pagination to the end', async () => {
		server.state.pageSize = 1;
		try {
			const before = server.requests.length;
			const clusters = await client().listClusters();
			expect(clusters.map(c => c.name)).toEqual(['basic-gcp', 'standard-aws', 'advanced-azure', 'locked-one']);
			expect(server.requests.length - before).toBe(4);
			expect(server.requests.at(-1)!.query['pagination.page']).toBeDefined();
		} finally {
			server.state.pageSize = 500;
		}
	});

	it('retries GETs on 429 honouring Retry-After, and on 500/503 with backoff', async () => {
		server.fault({method: 'GET', path: /\/clusters$/, status: 429, retryAfter: '2', times: 1});
		server.fault({method: 'GET', path: /\/clusters$/, status: 503, times: 1});
		server.fault({method: 'GET', path: /\/clusters$/, status: 500, times: 1});
		const before = server.requests.length;
		await expect(client().listClusters()).resolves.toHaveLength(4);
		expect(server.requests.length - before).toBe(4);
		expect(slept).toEqual([2000, 500, 1000]);
	});

	it('gives up after the retries with the API\'s message', async () => {
		server.fault({method: 'GET', path: /\/databases$/, status: 503, times: 4});
		await expect(client().listDatabases('11111111-0000-4000-8000-000000000001')).rejects.toThrow('the Cloud API failed GET /api/v1/clusters/11111111-0000-4000-8000-000000000001/databases (HTTP 503: injected 503)');
		expect(slept).toHaveLength(3);
	});

	it('never retries a mutation', async () => {
		server.fault({method: 'POST', path: /\/allowlist$/, status: 503, times: 1});
		const before = server.requests.length;
		await expect(client().addAllowlistEntry('11111111-0000-4000-8000-000000000001', {cidr_ip: '203.0.113.7', cidr_mask: 32, sql: true, ui: false, name: 'me'})).rejects.toThrow(/HTTP 503/);
		expect(server.requests.length - before).toBe(1);
		expect(slept).toEqual([]);
	});

	it('times out a slow answer, retrying a GET first', async () => {
		server.fault({method: 'GET', path: /\/organization$/, delayMs: 400, times: 2});
		await expect(client({timeoutMs: 100, maxRetries: 1}).getOrganization()).rejects.toThrow('the Cloud API did not answer GET /api/v1/organization within 0.1 s (tried 2 times)');
		// The server still holds both delayed requests: let it answer them (and check them) before the next test.
		await vi.waitFor(() => expect(server.inFlight).toBe(0), {timeout: 10_000, interval: 10});
	});

	it('stops an in-flight call at once when the run is cancelled, and sends nothing after it', async () => {
		const cancel = new AbortController();
		server.fault({path: /\/api\/v1\/organization$/, delayMs: 1500, times: 1});
		const before = server.requests.length;
		const pending = client({signal: cancel.signal, sleep: undefined}).getOrganization();
		await vi.waitFor(() => expect(server.requests.length).toBe(before + 1));
		cancel.abort(new Error('cancelled'));
		await expect(pending).rejects.toThrow('cancelled');
		// Rejected before the server answered (it holds the request for 1.5 s).
		expect(server.inFlight).toBe(1);
		await expect(client({signal: cancel.signal}).listClusters()).rejects.toThrow('cancelled');
		expect(server.requests.length).toBe(before + 1);
		// Let the server finish the abandoned request before the next test.
		await vi.waitFor(() => expect(server.inFlight).toBe(0), {timeout: 10_000, interval: 10});
	});

	it('ends a wait between retries at once when cancelled', async () => {
		const cancel = new AbortController();
		server.fault({path: /\/api\/v1\/clusters$/, status: 503, retryAfter: '30', times: 1});
		const before = server.requests.length;
		const pending = client({signal: cancel.signal, sleep: undefined}).listClusters();
		await vi.waitFor(() => expect(server.requests.length).toBe(before + 1));
		cancel.abort(new Error('cancelled'));
		await expect(pending).rejects.toThrow('cancelled');
		expect(server.requests.length).toBe(before + 1);
	});

	it('says so when the answer is not JSON', async () => {
		server.fault({method: 'GET', path: /\/organization$/, status: 200, body: '<html>oops', times: 1});
		await expect(client().getOrganization()).rejects.toThrow('the Cloud API answered GET /api/v1/organization with something that is not JSON (HTTP 200)');
	});

	it('manages the allowlist, SQL users and connection strings within the spec', async () => {
		const id = '11111111-0000-4000-8000-000000000002';
		const c = client();
		await c.addAllowlistEntry(id, {cidr_ip: '198.51.100.0', cidr_mask: 24, sql: true, ui: false, name: 'office'});
		server.state.propagatingFor[id] = 1;
		expect(await c.listAllowlist(id)).toEqual({entries: [{cidr_ip: '198.51.100.0', cidr_mask: 24, sql: true, ui: false, name: 'office'}], propagating: true});
		expect((await c.listAllowlist(id)).propagating).toBe(false);
		await c.createSqlUser(id, 'app_user', 'correct horse battery');
		await expect(c.createSqlUser(id, 'app_user', 'another long one')).rejects.toThrow(/HTTP 409: user app_user already exists/);
		await c.setSqlUserPassword(id, 'app_user', 'a brand new password');
		expect(server.state.passwords[`${id}/app_user`]).toBe('a brand new password');
		expect(await c.listSqlUsers(id)).toEqual(['app_user']);
		const answer = await c.getConnectionString(id, {database: 'defaultdb', sql_user: 'app_user', os: 'LINUX'});
		expect(answer.connection_string).toBe('postgresql://app_user@standard-aws-1000.us-east-1.cockroachlabs.cloud:26257/defaultdb?sslmode=verify-full&sslrootcert=%24HOME%2F.postgresql%2Froot.crt');
		expect(answer.params).toEqual({Host: 'standard-aws-1000.us-east-1.cockroachlabs.cloud', Port: '26257', Database: 'defaultdb', Username: 'app_user'});
		// Passwords travel only in request bodies, never in a path or query.
		for (const r of server.requests) expect(`${r.path}?${JSON.stringify(r.query)}`).not.toMatch(/horse|brand new/);
	});

	it('knows where the cluster CA is downloaded from, under COCKROACH_SERVER', () => {
		expect(client().caCertificateUrl('abc')).toBe(`${server.url}/clusters/abc/cert`);
	});

	it('reads Retry-After as seconds or a date', () => {
		expect(retryAfterMs('3')).toBe(3000);
		expect(retryAfterMs(new Date(Date.UTC(2030, 0, 1, 0, 0, 10)).toUTCString(), Date.UTC(2030, 0, 1))).toBe(10_000);
		expect(retryAfterMs(null)).toBeUndefined();
	});

	it('is a CloudApiError with the status', async () => {
		const failure = await client({apiKey: 'nope'}).getOrganization().catch(error => error as CloudApiError);
		expect(failure).toBeInstanceOf(CloudApiError);
		expect((failure as CloudApiError).status).toBe(401);
	});
});

describe('the generated API types', () => {
	it('match the spec they were generated from', async () => {
		const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'crdb-types-')), 'api-types.ts');
		// Not execFileSync: blocking the event loop for seconds lets the test server time out a keep-alive
		// socket just as the next test's fetch reuses it (ECONNRESET under load).
		await promisify(execFile)(process.execPath, ['node_modules/openapi-typescript/bin/cli.js', '../shared/cloud-api/openapi.json', '-o', out]);
		const committed = readFileSync('src/cloud/api-types.ts', 'utf8').split('\n').slice(2).join('\n');
		expect(committed === readFileSync(out, 'utf8')).toBe(true);
	});
});

describe('the spec-checking test server', () => {
	it('records requests that break the spec (so the checks above mean something)', async () => {
		const headers = {authorization: `Bearer ${server.apiKey}`, 'cc-version': '2024-09-16', 'user-agent': 'crdb-connect/test', 'content-type': 'application/json'};
		await fetch(`${server.url}/api/v1/clusters/11111111-0000-4000-8000-000000000001/networking/allowlist`, {method: 'POST', headers, body: JSON.stringify({cidr_ip: '1.2.3.4', cidr_mask: '32', sql: 'yes'})});
		await fetch(`${server.url}/api/v1/clusters?bogus=1`, {headers: {...headers, 'cc-version': '2022-03-31'}});
		await fetch(`${server.url}/api/v1/no/such/thing`, {headers});
		expect(server.violations.join('\n')).toMatch(/request body: .*cidr_mask must be integer/);
		expect(server.violations.join('\n')).toMatch(/unknown query parameter bogus/);
		expect(server.violations.join('\n')).toMatch(/Cc-Version is 2022-03-31/);
		expect(server.violations.join('\n')).toMatch(/no such operation in the spec/);
		server.violations.length = 0;
	});
});

describe('every wait is bounded, and a broken promise of the spec is a clear error (issue 11)', () => {
	const CLUSTERS = /^\/api\/v1\/clusters$/;

	it('caps a huge Retry-After at 30 s in all, counting down, then says what the API asked', async () => {
		server.fault({method: 'GET', path: CLUSTERS, status: 429, retryAfter: '3600'});
		const lines: string[] = [];
		try {
			await expect(client({progress: notice => void (notice && lines.push(notice.line))}).listClusters()).rejects.toThrow('the Cloud API is rate-limiting these calls (HTTP 429) and asks to wait 60 min, longer than crdb-connect waits (30 s): try again later');
		} finally {
			server.clearFaults();
		}

		expect(slept.reduce((a, b) => a + b, 0)).toBe(30_000);
		expect(lines[0]).toBe('the Cloud API answered GET /api/v1/clusters with HTTP 429 and asked to wait 60 min: trying again in 30 s');
		expect(lines.slice(1)).toEqual(['trying again in 25 s', 'trying again in 20 s', 'trying again in 15 s', 'trying again in 10 s', 'trying again in 5 s']);
	});

	it('treats a repeated page token as an error, not an endless list', async () => {
		server.fault({method: 'GET', path: CLUSTERS, body: JSON.stringify({clusters: [], pagination: {next_page: 'same-token'}})});
		const before = server.requests.length;
		try {
			await expect(client().listClusters()).rejects.toThrow('unexpected answer from the Cloud API to GET /api/v1/clusters: it gave the page token "same-token" twice, so the list would never end');
		} finally {
			server.clearFaults();
		}

		expect(server.requests.length - before).toBe(2);
	});

	it('stops a list that runs past 100 pages', async () => {
		server.fault({method: 'GET', path: CLUSTERS, body: query => JSON.stringify({clusters: [], pagination: {next_page: `page-${Number((query['pagination.page'] ?? 'page-0').slice(5)) + 1}`}})});
		const before = server.requests.length;
		try {
			await expect(client().listClusters()).rejects.toThrow('the list runs past 100 pages');
		} finally {
			server.clearFaults();
		}

		expect(server.requests.length - before).toBe(100);
	});

	it.each([
		['a null list', {clusters: null}, '"clusters" is null, not a list'],
		['a null cluster', {clusters: [null]}, '"clusters" holds something that is not an object'],
		['a null name', {clusters: [{...makeCluster({id: '11111111-0000-4000-8000-000000000009', name: 'x', plan: 'BASIC', cloud: 'GCP'}), name: null}]}, 'a cluster\'s "name" is null'],
		['null regions', {clusters: [{...makeCluster({id: '11111111-0000-4000-8000-000000000009', name: 'x', plan: 'BASIC', cloud: 'GCP'}), regions: null}]}, 'the regions of cluster x are not a list'],
		['a null answer', null, 'the answer is null, not an object'],
	])('says "unexpected answer from the Cloud API" for %s', async (_name, body, what) => {
		server.fault({method: 'GET', path: CLUSTERS, body: JSON.stringify(body), times: 1});
		await expect(client().listClusters()).rejects.toThrow(`unexpected answer from the Cloud API to GET /api/v1/clusters: ${what}`);
	});

	it('says so when the connection string names no host', async () => {
		server.fault({method: 'GET', path: /\/connection-string$/, body: JSON.stringify({connection_string: 'x', params: null}), times: 1});
		await expect(client().getConnectionString('11111111-0000-4000-8000-000000000001', {})).rejects.toThrow('unexpected answer from the Cloud API to GET /api/v1/clusters/11111111-0000-4000-8000-000000000001/connection-string: it names no host (params.Host)');
	});

	it('gives up on a hung API within the cap, saying it is waiting', async () => {
		server.fault({method: 'GET', path: /\/organization$/, delayMs: 3000});
		const lines: string[] = [];
		try {
			await expect(client({timeoutMs: 1500, maxWaitMs: 2000, sleep: undefined, progress: notice => void (notice && lines.push(notice.line))}).getOrganization()).rejects.toThrow(/^the Cloud API did not answer GET \/api\/v1\/organization within 1.5 s \(tried 2 times\)/);
		} finally {
			server.clearFaults();
		}

		expect(lines).toContain('waiting for the Cloud API to answer GET /api/v1/organization (1 s so far; at most 1.5 s)');
		expect(lines).toContain('the Cloud API did not answer GET /api/v1/organization within 1.5 s: trying again');
		await vi.waitFor(() => expect(server.inFlight).toBe(0), {timeout: 10_000, interval: 10});
	});

	it('cancels the body of a retried 503 before it waits, so the connection is not held (nor a huge body read)', async () => {
		server.fault({method: 'GET', path: CLUSTERS, status: 503, retryAfter: '2', endless: true, times: 1});
		const before = server.cutOff;
		// The real fetch, keeping each answer so the test can see what became of its body.
		const answers: Response[] = [];
		const recording: typeof fetch = async (...args) => {
			const answer = await fetch(...args);
			answers.push(answer);
			return answer;
		};
		// The wait between attempts: by then the unread answer's body must be cancelled.
		const bodyWhenWaiting: boolean[] = [];
		const sleep = async () => void bodyWhenWaiting.push(answers[0]!.bodyUsed);
		await expect(client({sleep, fetch: recording}).listClusters()).resolves.toHaveLength(4);
		expect(bodyWhenWaiting).toEqual([true]);
		// And the server saw the connection closed (the test still holds the answer, so no garbage collector did it).
		await vi.waitFor(() => expect(server.cutOff).toBe(before + 1), {timeout: 5000, interval: 10});
		await vi.waitFor(() => expect(server.inFlight).toBe(0), {timeout: 5000, interval: 10});
		expect(answers).toHaveLength(2);
	});

	it('stops reading an answer past 1 MB and says it is unexpected, streamed or not', async () => {
		server.fault({method: 'GET', path: CLUSTERS, endless: true, times: 1});
		const before = server.cutOff;
		await expect(client().listClusters()).rejects.toThrow('unexpected answer from the Cloud API to GET /api/v1/clusters: the answer (HTTP 200) is larger than 1 MB; try again, and report it if it persists');
		await vi.waitFor(() => expect(server.cutOff).toBe(before + 1), {timeout: 5000, interval: 10});
		server.fault({method: 'GET', path: /\/organization$/, body: JSON.stringify({id: 'x', name: 'y', padding: 'z'.repeat(MAX_ANSWER_BYTES)}), times: 1});
		await expect(client().getOrganization()).rejects.toThrow('unexpected answer from the Cloud API to GET /api/v1/organization: the answer (HTTP 200) is larger than 1 MB');
		// An error answer is capped too.
		server.fault({method: 'POST', path: /\/sql-users$/, status: 400, endless: true, times: 1});
		await expect(client().createSqlUser('11111111-0000-4000-8000-000000000001', 'big', 'a long password 1')).rejects.toThrow('the answer (HTTP 400) is larger than 1 MB');
		await vi.waitFor(() => expect(server.inFlight).toBe(0), {timeout: 5000, interval: 10});
	});

	it('reports a capped Retry-After as a countdown a live display can redraw', async () => {
		server.fault({method: 'GET', path: CLUSTERS, status: 429, retryAfter: '3600', times: 1});
		const notices: Array<WaitNotice | undefined> = [];
		await expect(client({maxWaitMs: 12_000, progress: notice => void notices.push(notice)}).listClusters()).resolves.toHaveLength(4);
		const first = notices[0]!;
		const now = Date.now();
		// Redrawn later, the same notice counts down, whole seconds, with what the API asked.
		expect(first.at(now + 3_000)).toMatch(/^the Cloud API answered GET \/api\/v1\/clusters with HTTP 429 and asked to wait 60 min: trying again in (9|10) s$/);
		expect(notices.at(-1)).toBeUndefined();
	});

	it('never counts up when the machine is slow: every later notice counts down to the first one\'s deadline', async () => {
		server.fault({method: 'GET', path: CLUSTERS, status: 429, retryAfter: '3600', times: 1});
		// A busy machine: each sleep takes twice what it was asked (the clock is ours, the API server is real).
		let clock = Date.now();
		const now = vi.spyOn(Date, 'now').mockImplementation(() => clock);
		try {
			// What a live display shows: the notice on screen, redrawn at the moment the next one replaces it, then the next.
			const shown: number[] = [];
			let onScreen: WaitNotice | undefined;
			const seconds = (notice: WaitNotice) => Number(/trying again in (\d+) s/.exec(notice.at(clock))![1]);
			const progress = (notice: WaitNotice | undefined) => {
				if (onScreen) shown.push(seconds(onScreen));
				if (notice) shown.push(seconds(notice));
				onScreen = notice;
			};

			await client({maxWaitMs: 12_000, progress, sleep: async ms => void (clock += 2 * ms)}).listClusters();
			expect(shown.length).toBeGreaterThanOrEqual(3);
			expect([...shown].sort((a, b) => b - a)).toEqual(shown);
		} finally {
			now.mockRestore();
		}
	});

	it('refuses an http:// COCKROACH_SERVER that is not loopback (the key would travel in clear text)', () => {
		expect(() => client({server: 'http://cockroachlabs.cloud'})).toThrow('COCKROACH_SERVER http://cockroachlabs.cloud is not an https:// address, so the API key would travel in clear text: use https:// (http:// only for a loopback address)');
		expect(() => client({server: 'http://127.0.0.1:1'})).not.toThrow();
		expect(() => client({server: 'http://[::1]:1'})).not.toThrow();
	});
});
