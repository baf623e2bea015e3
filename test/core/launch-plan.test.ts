import {describe, expect, it} from 'vitest';
import {commandsToRunLater, pickShell, planLaunch, shellQuote} from '../../src/core/launch-plan.js';
import type {ConnectionSetup} from '../../src/core/setup.js';

const setup: ConnectionSetup = {host: 'h', port: 26257, user: 'ana', password: 'p@ss w!', database: 'defaultdb', sslmode: 'verify-full', sslrootcert: '/c/ca.crt'};

describe('planLaunch', () => {
	it('gives cockroach the URL in COCKROACH_URL and nothing secret in argv', () => {
		const plan = planLaunch(setup, 'cockroach', '/usr/bin/cockroach');
		expect(plan.args).toEqual(['sql']);
		expect(plan.env).toEqual({COCKROACH_URL: 'postgresql://ana:p%40ss%20w%21@h:26257/defaultdb?sslmode=verify-full&sslrootcert=/c/ca.crt'});
		expect(plan.display).toBe("cockroach sql --url 'postgresql://ana@h:26257/defaultdb?sslmode=verify-full&sslrootcert=/c/ca.crt'");
	});

	it('gives psql the URL without the password and the password in PGPASSWORD', () => {
		const plan = planLaunch(setup, 'psql', '/usr/bin/psql', ['select 1']);
		expect(plan.args).toEqual(['postgresql://ana@h:26257/defaultdb?sslmode=verify-full&sslrootcert=/c/ca.crt', '-c', 'select 1']);
		expect(plan.env).toEqual({PGPASSWORD: 'p@ss w!'});
		expect(JSON.stringify(plan.args)).not.toContain('p@ss');
	});

	it('prefers cockroach over psql and prints both commands when neither is installed', () => {
		expect(pickShell({psql: '/p', cockroach: '/c'})).toEqual({shell: 'cockroach', path: '/c'});
		expect(pickShell({})).toBeUndefined();
		expect(commandsToRunLater(setup).join('\n')).not.toContain('p@ss');
	});

	it('quotes only what a shell would split', () => {
		expect(shellQuote('plain/path.crt')).toBe('plain/path.crt');
		expect(shellQuote("it's")).toBe(`'it'\\''s'`);
	});
});
