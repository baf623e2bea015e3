import {describe, expect, it} from 'vitest';
import {databaseNameProblem} from '../../src/core/database-name.js';

describe('new database names', () => {
	it('accepts plain lowercase identifiers', () => {
		for (const name of ['shop', 'app_db', '_scratch', 'db2']) expect(databaseNameProblem(name)).toBeUndefined();
	});

	it('refuses names that need quoting, reserved ones and empty ones, with a suggestion', () => {
		expect(databaseNameProblem('')).toMatch(/empty/);
		expect(databaseNameProblem('system')).toBe('"system" is reserved by CockroachDB: choose another name');
		expect(databaseNameProblem('My-Shop')).toBe('"My-Shop" is not a plain identifier: use lowercase letters, digits and underscores, starting with a letter (e.g. "my_shop")');
		expect(databaseNameProblem('1st')).toMatch(/not a plain identifier/);
		expect(databaseNameProblem('x'.repeat(64))).toMatch(/at most 63/);
	});
});
