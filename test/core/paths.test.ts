import {describe, expect, it} from 'vitest';
import {resolveUserPath} from '../../src/core/paths.js';

describe('resolveUserPath', () => {
	const base = {cwd: '/work/app', home: '/home/ana'};
	it.each([
		['~/.postgresql/root.crt', '/home/ana/.postgresql/root.crt'],
		['$HOME/certs/ca.crt', '/home/ana/certs/ca.crt'],
		['certs/ca.crt', '/work/app/certs/ca.crt'],
		['/etc/ca.crt', '/etc/ca.crt'],
	])('%s → %s', (input, expected) => {
		expect(resolveUserPath(input, base)).toBe(expected);
	});
});
