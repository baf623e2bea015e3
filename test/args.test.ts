import {describe, expect, it} from 'vitest';
import {parseCli} from '../src/args.js';

describe('parseCli', () => {
	it('maps flags to step inputs and reads secrets only from the environment', () => {
		const request = parseCli(['--host', 'db', '--port', '26000', '--user', 'ana', '--password-env', 'PW', '--database', 'bank', '--sslmode', 'verify-ca', '--ca-cert', 'ca.crt', '--no-launch', '-y'], {PW: 'hunter2hunter2'});
		expect(request).toEqual({
			kind: 'wizard',
			yes: true,
			plain: false,
			execute: [],
			dryRun: false,
			json: false,
			given: {
				inputs: {source: 'host', host: 'db', port: '26000', user: 'ana', auth: 'password', password: 'hunter2hunter2', database: 'bank', sslmode: 'verify-ca', caCert: 'ca.crt', launch: false},
				presets: {passwordEnv: 'PW', passwordConsent: true},
			},
		});
	});

	it('infers how the user logs in, unless --auth says so', () => {
		expect(parseCli(['--client-cert', 'c.crt', '--client-key', 'c.key'], {})).toMatchObject({given: {inputs: {auth: 'cert', clientCert: 'c.crt', clientKey: 'c.key'}}});
		expect(parseCli(['--auth', 'generate', '--certs-dir', 'certs', '--ca-key', 'safe/ca.key', '--node-hosts', 'a,b', '--start-local'], {})).toMatchObject({given: {inputs: {auth: 'generate', certsDir: 'certs', caKey: 'safe/ca.key', nodeHosts: 'a,b', startLocal: true}}});
	});

	it('collects repeated --execute statements', () => {
		expect(parseCli(['-e', 'select 1', '--execute', 'select 2'], {})).toMatchObject({execute: ['select 1', 'select 2']});
	});

	it('takes a URL from a flag or from an environment variable', () => {
		expect(parseCli(['--url', 'postgresql://u@h/d'], {})).toMatchObject({given: {inputs: {source: 'url', url: 'postgresql://u@h/d'}}});
		expect(parseCli(['--url-env', 'DB_URL'], {DB_URL: 'postgresql://u:pw@h/d'})).toMatchObject({given: {inputs: {source: 'url', url: 'postgresql://u:pw@h/d'}}});
	});

	it.each([
		[['--password', 'x'], /never put a password on the command line/],
		[['--password=x'], /never put a password on the command line/],
		[['--url', 'postgresql://u:secret@h/d'], /--url holds a password.*--url-env NAME/],
		[['--password-env', 'NOPE'], /environment variable NOPE is not set/],
		[['--password-env', 'hunter2!'], /takes the NAME of an environment variable/],
		[['--url', 'postgresql://h', '--url-env', 'X'], /not both/],
		[['--url', 'postgresql://h', '--host', 'h'], /not both/],
		[['--bogus'], /Unknown option '--bogus'.*see crdb-connect --help/],
		[['frobnicate'], /unknown command "frobnicate"/],
	])('refuses %j', (argv, message) => {
		const request = parseCli(argv, {});
		expect(request.kind).toBe('error');
		expect(request.kind === 'error' && request.message).toMatch(message);
	});

	it('lets any private-connectivity flag choose the private path, and any allowlist flag the public one', () => {
		expect(parseCli(['--cluster', 'c', '--endpoint-network', 'vpc-1'], {})).toMatchObject({given: {inputs: {netMode: 'private', peNetwork: 'vpc-1'}}});
		expect(parseCli(['--cluster', 'c', '--trusted-owner', '210987654321'], {})).toMatchObject({given: {inputs: {netMode: 'private', peOwner: '210987654321'}}});
		expect(parseCli(['--cluster', 'c', '--vpc-peering', '--gcp-project', 'p-123456'], {})).toMatchObject({given: {inputs: {netMode: 'peering', peProject: 'p-123456'}}});
		expect(parseCli(['--cluster', 'c', '--replace-open-network'], {})).toMatchObject({given: {inputs: {netMode: 'allowlist', replaceOpen: true}}});
		// The flags whose use depends on the cluster are remembered, to be checked once it is known.
		expect(parseCli(['--cluster', 'c', '--allow-cidr', '10.0.0.0/8', '--allow-ui'], {})).toMatchObject({given: {presets: {givenFlags: ['allow-ui']}}});
	});

	it('answers --help and --version', () => {
		expect(parseCli(['--help'], {})).toEqual({kind: 'help'});
		expect(parseCli(['-v'], {})).toEqual({kind: 'version'});
	});
});
