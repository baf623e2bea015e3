/** The Cloud session's bounded waits, against the spec-checking Cloud API server, on a clock the test moves. */
import {afterAll, afterEach, beforeAll, describe, expect, it, vi} from 'vitest';
import {cloudSession} from '../../src/adapters/cloud-session.js';
import {CloudClient} from '../../src/cloud/client.js';
import {makeCluster, startCloudApiServer, type CloudApiServer} from '../helpers/cloud-api-server.js';
import type {WaitNotice} from '../../src/core/wait-notice.js';

const CLUSTER = '33333333-0000-4000-8000-000000000001';
const ADVANCED = '33333333-0000-4000-8000-000000000002';
let server: CloudApiServer;

beforeAll(async () => {
	server = await startCloudApiServer({clusters: [makeCluster({id: CLUSTER, name: 'waits', plan: 'STANDARD', cloud: 'AWS'}), makeCluster({id: ADVANCED, name: 'waits-advanced', plan: 'ADVANCED', cloud: 'AWS'})]});
});

afterEach(() => {
	vi.useRealTimers();
	expect(server.violations).toEqual([]);
});

afterAll(() => server.close());

/** A session whose sleeps move a fake clock (only Date is faked), recording each sleep. */
function session(timeoutMs: number, intervalMs: number) {
	vi.useFakeTimers({toFake: ['Date']});
	const slept: number[] = [];
	const client = new CloudClient({apiKey: server.apiKey, server: server.url, userAgent: 'crdb-connect/test', timeoutMs: 5000});
	const cloud = cloudSession(client, {timeoutMs, intervalMs, sleep: async ms => {
		slept.push(ms);
		vi.setSystemTime(Date.now() + ms);
	}});
	return {cloud, slept};
}

const allowlistReads = () => server.requests.filter(r => r.method === 'GET' && r.path.endsWith(`/clusters/${CLUSTER}/networking/allowlist`)).length;

describe('waiting for an allowlist change to apply', () => {
	it('polls until the change has propagated, and says how many checks it took', async () => {
		server.state.propagatingFor[CLUSTER] = 3;
		const {cloud, slept} = session(60_000, 1000);
		await expect(cloud.waitForAllowlist(CLUSTER)).resolves.toBe(3);
		expect(slept).toEqual([1000, 1000, 1000]);
	});

	it('gives up at the deadline with what to do, having checked only within it', async () => {
		server.state.propagatingFor[CLUSTER] = 1000;
		const before = allowlistReads();
		const {cloud, slept} = session(5000, 1000);
		await expect(cloud.waitForAllowlist(CLUSTER)).rejects.toThrow('the allowlist is still propagating after 5 s: continue in a minute (the rule is saved)');
		// Checks at 0, 1, …, 5 s, and one just past the deadline that ends the wait; no sleep after it.
		expect(slept).toEqual(Array(6).fill(1000));
		expect(allowlistReads() - before).toBe(7);
		server.state.propagatingFor[CLUSTER] = 0;
	});
});

describe('a poll over a second is shown as it happens, with its elapsed time (issue 11)', () => {
	/** A session on the real clock whose polls really sleep, reporting to `notices`. */
	function reporting(intervalMs: number) {
		const notices: Array<WaitNotice | undefined> = [];
		const client = new CloudClient({apiKey: server.apiKey, server: server.url, userAgent: 'crdb-connect/test', timeoutMs: 5000});
		const cloud = cloudSession(client, {timeoutMs: 60_000, intervalMs, sleep: ms => new Promise(resolve => setTimeout(resolve, ms)), progress: notice => void notices.push(notice)});
		return {cloud, notices, lines: () => notices.filter(n => n !== undefined).map(n => n.line)};
	}

	it('says nothing for a poll that ends within a second', async () => {
		server.state.propagatingFor[CLUSTER] = 2;
		const {cloud, notices} = reporting(10);
		await expect(cloud.waitForAllowlist(CLUSTER)).resolves.toBe(2);
		expect(notices).toEqual([]);
	});

	it('shows the allowlist wait once it passes a second, then says it is over', async () => {
		server.state.propagatingFor[CLUSTER] = 6;
		const {cloud, notices, lines} = reporting(250);
		await cloud.waitForAllowlist(CLUSTER);
		expect(lines()[0]).toMatch(/^waiting for the allowlist change to apply \((1|2) s so far; at most 60 s\)$/);
		expect(notices.at(-1)).toBeUndefined();
	});

	it('shows the wait for a new private endpoint service, and for an endpoint to become available', async () => {
		server.state.servicePolls = 6;
		server.state.connectionPolls = 6;
		const {cloud, notices, lines} = reporting(250);
		await expect(cloud.privateEndpointService(ADVANCED, 'ADVANCED', 'us-east1')).resolves.toMatchObject({cloud: 'AWS'});
		expect(lines()[0]).toMatch(/^waiting for the private endpoint service in us-east1 to be available \((1|2) s so far; at most 60 s\)$/);
		notices.length = 0;
		await expect(cloud.connectPrivateEndpoint(ADVANCED, 'vpce-0123456789abcdef0')).resolves.toBeGreaterThan(0);
		expect(lines()[0]).toMatch(/^waiting for the endpoint vpce-0123456789abcdef0 to be available \((1|2) s so far; at most 60 s\)$/);
		// A display that redraws the notice counts the seconds up.
		const shown = notices.find(n => n !== undefined)!;
		expect(shown.at(Date.now() + 10_000)).toMatch(/\((11|12|13) s so far; at most 60 s\)$/);
		expect(notices.at(-1)).toBeUndefined();
	});
});
