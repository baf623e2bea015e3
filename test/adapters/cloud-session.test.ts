/** The Cloud session's bounded waits, against the spec-checking Cloud API server, on a clock the test moves. */
import {afterAll, afterEach, beforeAll, describe, expect, it, vi} from 'vitest';
import {cloudSession} from '../../src/adapters/cloud-session.js';
import {CloudClient} from '../../src/cloud/client.js';
import {makeCluster, startCloudApiServer, type CloudApiServer} from '../helpers/cloud-api-server.js';

const CLUSTER = '33333333-0000-4000-8000-000000000001';
let server: CloudApiServer;

beforeAll(async () => {
	server = await startCloudApiServer({clusters: [makeCluster({id: CLUSTER, name: 'waits', plan: 'STANDARD', cloud: 'AWS'})]});
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
