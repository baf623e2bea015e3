import {describe, expect, it} from 'vitest';
import {clusterNameProblem, defaultClusterName} from '../../src/core/cluster-name.js';

describe('cluster names by the API rule', () => {
	it('accepts 6–20 lowercase letters, digits and dashes with no dash at either end', () => {
		for (const name of ['abcdef', 'shop-prod-2', 'a1234567890123456789']) expect(clusterNameProblem(name)).toBeUndefined();
	});

	it('refuses what the API refuses, saying the rule', () => {
		expect(clusterNameProblem('short')).toBe('"short" has 5 characters: a cluster name needs 6–20 characters: lowercase letters, digits and dashes, no dash at either end');
		expect(clusterNameProblem('a'.repeat(21))).toMatch(/has 21 characters/);
		expect(clusterNameProblem('Shop_Prod')).toMatch(/has characters a cluster name cannot hold/);
		expect(clusterNameProblem('-shop-prod')).toMatch(/starts or ends with a dash/);
		expect(clusterNameProblem('shop-prod-')).toMatch(/starts or ends with a dash/);
	});

	it('makes a valid default from the user name, avoiding names taken', () => {
		expect(defaultClusterName('ana')).toBe('ana-cluster');
		expect(defaultClusterName('Ana.María')).toBe('ana-maria-cluster');
		expect(defaultClusterName('a-very-long-login-name-indeed')).toBe('a-very-long-cluster');
		expect(defaultClusterName('___')).toBe('my-cluster');
		expect(defaultClusterName(undefined)).toBe('my-cluster');
		expect(defaultClusterName('ana', ['ana-cluster', 'ana-cluster-2'])).toBe('ana-cluster-3');
		for (const user of ['x', 'Ω', '9lives', 'root', 'a-b-c-d-e-f-g-h-i-j-k', 'ÉLODIE DUPONT']) expect(clusterNameProblem(defaultClusterName(user))).toBeUndefined();
	});
});
