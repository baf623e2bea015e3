import {describe, expect, it} from 'vitest';
import {parseGoDuration} from '../../src/core/go-duration.js';

describe('Go durations', () => {
	it.each([
		['8760h', 8760 * 3_600_000],
		['1h30m', 90 * 60_000],
		['1.5h', 90 * 60_000],
		['90s', 90_000],
		['250ms', 250],
		['2h45m30.5s', (2 * 3600 + 45 * 60 + 30.5) * 1000],
		['0', 0],
		['-1h', -3_600_000],
	])('%s', (text, ms) => {
		expect(parseGoDuration(text)).toBe(ms);
	});

	it.each(['', '10', 'h', '1d', '1 h', 'abc', '1h-30m'])('refuses %j', text => {
		expect(parseGoDuration(text)).toBeUndefined();
	});
});
