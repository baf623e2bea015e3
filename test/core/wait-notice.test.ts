/** What a wait looks like when printed once, and when redrawn later. */
import {describe, expect, it} from 'vitest';
import {countdownNotice, elapsedNotice, waitDuration} from '../../src/core/wait-notice.js';

describe('wait notices', () => {
	it('count down to the next attempt: the full line first, the short one after, the full text when redrawn', () => {
		const first = countdownNotice('the Cloud API asked to wait 60 min', 30_000, 0);
		expect(first.line).toBe('the Cloud API asked to wait 60 min: trying again in 30 s');
		expect(first.at(17_400)).toBe('the Cloud API asked to wait 60 min: trying again in 13 s');
		expect(first.at(40_000)).toBe('the Cloud API asked to wait 60 min: trying again in 0 s');
		expect(countdownNotice('x', 25_000, 0, true).line).toBe('trying again in 25 s');
	});

	it('count up from the start of an open wait, in whole seconds', () => {
		const notice = elapsedNotice(1000, 2100, s => `waiting (${s} s so far)`);
		expect(notice.line).toBe('waiting (1 s so far)');
		expect(notice.at(13_600)).toBe('waiting (13 s so far)');
	});

	it('say long waits in minutes', () => {
		expect(waitDuration(3_600_000)).toBe('60 min');
		expect(waitDuration(1200)).toBe('2 s');
	});
});
