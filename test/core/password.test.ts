import {describe, expect, it} from 'vitest';
import {isPlaceholderPassword, passwordProblem} from '../../src/core/password.js';

describe('passwords', () => {
	it('needs 12 characters (not bytes) for a new user', () => {
		expect(passwordProblem('elevenchars', 'create')).toBe('a new password needs at least 12 characters');
		expect(passwordProblem('twelve chars', 'create')).toBeUndefined();
		expect(passwordProblem('ééééééééééé', 'create')).toMatch(/12 characters/);
	});

	it('accepts any non-empty password for an existing user, but not a placeholder', () => {
		expect(passwordProblem('x', 'existing')).toBeUndefined();
		expect(passwordProblem('', 'existing')).toMatch(/empty/);
		expect(passwordProblem('<ENTER-SQL-USER-PASSWORD>', 'existing')).toMatch(/placeholder/);
	});

	it('spots placeholders from copied strings', () => {
		expect(isPlaceholderPassword('<password>')).toBe(true);
		expect(isPlaceholderPassword('ENTER-SQL-USER-PASSWORD')).toBe(true);
		expect(isPlaceholderPassword('<real>pw')).toBe(false);
	});
});
