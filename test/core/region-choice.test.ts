import {describe, expect, it} from 'vitest';
import {availableRegionLabel, cloudsByDistance, fastestRegion, latencyLabel, latencySummary, nearestAvailable, preferredRegion} from '../../src/core/region-choice.js';

describe('choosing a region', () => {
	const measured = [{name: 'us-west-2', ms: 71.4}, {name: 'us-east-1', ms: 12.2}, {name: 'eu-west-1', problem: 'no answer within 1 s'}];

	it('picks the region that answered fastest, and labels each', () => {
		expect(fastestRegion(measured)?.name).toBe('us-east-1');
		expect(measured.map(latencyLabel)).toEqual(['71 ms', '12 ms', 'unreachable']);
		expect(latencySummary(measured, 1000)).toBe('us-west-2 71 ms, us-east-1 12 ms, eu-west-1 unreachable; nearest: us-east-1 (answered first)');
	});

	it('keeps the primary when it answered within 5 ms of the fastest (one connect\'s noise)', () => {
		const close = [{name: 'us-east1', ms: 17.9}, {name: 'europe-west1', ms: 14.2}];
		expect(preferredRegion(close, 'us-east1')?.name).toBe('us-east1');
		expect(latencySummary(close, 1000, 'us-east1')).toBe('us-east1 18 ms, europe-west1 14 ms; keeping the primary us-east1 (within 5 ms of the fastest)');
		expect(preferredRegion([{name: 'us-east1', ms: 40}, {name: 'europe-west1', ms: 14}], 'us-east1')?.name).toBe('europe-west1');
		expect(preferredRegion([{name: 'us-east1', problem: 'connection refused'}, {name: 'europe-west1', ms: 14}], 'us-east1')?.name).toBe('europe-west1');
	});

	it('says so when no region answered', () => {
		expect(fastestRegion([{name: 'a', problem: 'connection refused'}])).toBeUndefined();
		expect(latencySummary([{name: 'a', problem: 'connection refused'}], 1000)).toBe('no region answered within 1 s (a unreachable): the primary region is suggested');
	});

	it('orders the offered regions by the API\'s distance', () => {
		const offered = [
			{provider: 'GCP', name: 'us-east1', location: 'South Carolina', distance: 310},
			{provider: 'AWS', name: 'us-east-1', location: 'N. Virginia', distance: 120},
			{provider: 'GCP', name: 'us-west1', location: 'Oregon', distance: 2300},
		];
		expect(nearestAvailable(offered)?.name).toBe('us-east-1');
		expect(nearestAvailable(offered, 'GCP')?.name).toBe('us-east1');
		expect(cloudsByDistance(offered)).toEqual(['AWS', 'GCP']);
		expect(availableRegionLabel(offered[2]!)).toBe('us-west1 — Oregon, 2,300 mi');
	});
});
