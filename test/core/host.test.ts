import {describe, expect, it} from 'vitest';
import {checkHostInput} from '../../src/core/host.js';

describe('checkHostInput', () => {
	it.each([
		['localhost', {ok: true, host: 'localhost'}],
		[' db-1.example.com ', {ok: true, host: 'db-1.example.com'}],
		['10.1.2.3:26000', {ok: true, host: '10.1.2.3', port: 26000}],
		['::1', {ok: true, host: '::1'}],
		['[::1]:26257', {ok: true, host: '::1', port: 26257}],
	])('accepts %j', (input, expected) => {
		expect(checkHostInput(input)).toEqual(expected);
	});

	it.each([
		['', /empty/],
		['postgresql://u@h/db', /Paste a connection string/],
		['my host', /spaces/],
		['bad_host!', /not a valid host name/],
		['h:0', /not a number from 1 to 65535/],
	])('refuses %j', (input, reason) => {
		const result = checkHostInput(input);
		expect(result.ok).toBe(false);
		expect(!result.ok && result.error).toMatch(reason);
	});
});
