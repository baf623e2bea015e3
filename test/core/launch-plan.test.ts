import {describe, expect, it} from 'vitest';
import {commandsToRunLater, installCommand, pickShell, planLaunch, shellQuote} from '../../src/core/launch-plan.js';
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

describe('installCommand', () => {
	it('installs the SQL client, or the whole cockroach binary (which starts nodes), as the install docs say', () => {
		expect(installCommand('darwin', 'arm64')).toBe('brew install cockroachdb/tap/cockroach-sql');
		expect(installCommand('darwin', 'arm64', 'cockroach')).toBe('brew install cockroachdb/tap/cockroach');
		// The Linux archive holds the whole binary, whichever is wanted.
		expect(installCommand('linux', 'arm64', 'cockroach')).toBe('curl https://binaries.cockroachdb.com/cockroach-latest.linux-arm64.tgz | tar -xz && sudo cp -i cockroach-latest.linux-arm64/cockroach /usr/local/bin/');
		expect(installCommand('linux', 'x64', 'cockroach')).toBe(installCommand('linux', 'x64'));
	});
});
