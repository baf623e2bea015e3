import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {checkSqlUsername, normalizeSqlUsername, USERNAME_HINT} from '../../src/core/sql-username.js';

describe('SQL usernames', () => {
	it('lower-cases, folding the Turkish I', () => {
		expect(normalizeSqlUsername('MaxRoach')).toBe('maxroach');
		expect(normalizeSqlUsername('\u0130STANBUL')).toBe('istanbul');
	});

	it.each(['root', 'my_user', 'a-b.c', '_x', '9lives', 'ομηρος'])('accepts %s', name => {
		expect(checkSqlUsername(name)).toEqual({ok: true, username: normalizeSqlUsername(name)});
	});

	it.each([
		['', 'username is empty'],
		['-dash', 'username is invalid'],
		['has space', 'username is invalid'],
		['a@b', 'username is invalid'],
		['x'.repeat(64), 'username is too long'],
		['é'.repeat(32), 'username is too long'],
	])('refuses %j with cockroach\'s hint', (name, problem) => {
		const result = checkSqlUsername(name);
		expect(result).toEqual({ok: false, error: `${problem}. ${USERNAME_HINT}`});
	});

	it('accepts exactly what the documented pattern accepts (property)', () => {
		fc.assert(fc.property(fc.stringMatching(/^[a-z0-9_][-a-z0-9_.]{0,62}$/), name => {
			expect(checkSqlUsername(name).ok).toBe(true);
		}));
	});
});
