import {describe, expect, it} from 'vitest';
import {clusterNameOf, consoleLinks} from '../../src/core/console-links.js';

describe('consoleLinks', () => {
	it('opens the exact pages for a cluster id', () => {
		const links = consoleLinks('https://cockroachlabs.cloud/', '22222222-0000-4000-8000-00000000000A');
		expect(links).toEqual({
			cluster: '22222222-0000-4000-8000-00000000000a',
			exact: true,
			networking: 'https://cockroachlabs.cloud/cluster/22222222-0000-4000-8000-00000000000a/networking/allowlist',
			sqlUsers: 'https://cockroachlabs.cloud/cluster/22222222-0000-4000-8000-00000000000a/users',
			connect: 'https://cockroachlabs.cloud/cluster/22222222-0000-4000-8000-00000000000a/overview',
		});
	});

	it('opens the cluster list for a name, host or routing id, naming the cluster', () => {
		expect(consoleLinks('https://cockroachlabs.cloud', 'shop-prod')).toMatchObject({cluster: 'shop-prod', exact: false, networking: 'https://cockroachlabs.cloud/clusters'});
		expect(consoleLinks('https://cockroachlabs.cloud', undefined).cluster).toBe('your cluster');
	});

	it.each([
		['shop-prod-1234.aws-us-east-1.cockroachlabs.cloud', 'shop-prod'],
		['internal-analytics-7xk.gcp-us-east1.crdb.io', 'analytics'],
		['shop-prod-1234', 'shop-prod-1234'],
		['prod-2024', 'prod-2024'],
	])('names %s as %s', (ref, name) => {
		expect(clusterNameOf(ref)).toBe(name);
	});
});
