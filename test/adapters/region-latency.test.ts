/** The region latency probe against loopback listeners that answer the SSLRequest after different delays. */
import {afterEach, describe, expect, it} from 'vitest';
import {measureRegions} from '../../src/adapters/region-latency.js';
import {fastestRegion} from '../../src/core/region-choice.js';
import {freePort} from '../helpers/pg-server.js';
import {startRegionListener, type RegionListener} from '../helpers/region-listeners.js';

let listeners: RegionListener[] = [];
afterEach(async () => {
	await Promise.all(listeners.map(l => l.close()));
	listeners = [];
});

describe('measuring the regions', () => {
	it('times each region in parallel and finds the fastest; a silent one is unreachable within the bound', async () => {
		const port = await freePort();
		listeners = await Promise.all([
			startRegionListener('127.0.0.2', port, 250),
			startRegionListener('127.0.0.3', port, 20),
			startRegionListener('127.0.0.4', port, undefined),
		]);
		const measured = await measureRegions([
			{name: 'slow', host: '127.0.0.2', port},
			{name: 'fast', host: '127.0.0.3', port},
			{name: 'silent', host: '127.0.0.4', port},
			{name: 'closed', host: '127.0.0.5', port},
		], 1000);
		expect(fastestRegion(measured)?.name).toBe('fast');
		expect(measured.find(m => m.name === 'slow')!.ms).toBeGreaterThan(measured.find(m => m.name === 'fast')!.ms!);
		expect(measured.find(m => m.name === 'silent')).toEqual({name: 'silent', problem: 'no answer within 1 s'});
		expect(measured.find(m => m.name === 'closed')).toEqual({name: 'closed', problem: 'connection refused'});
		// Each listener got the pgwire SSLRequest (length 8, code 80877103), nothing more.
		for (const l of listeners) expect(l.requests).toEqual(['0000000804d2162f']);
	});
});
