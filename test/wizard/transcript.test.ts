import {describe, expect, it} from 'vitest';
import type {ConnectionSetup} from '../../src/core/setup.js';
import {endNotice, summaryRows} from '../../src/wizard/transcript.js';

const setup: ConnectionSetup = {host: 'db.example', port: 26257, user: 'ana', database: 'defaultdb', sslmode: 'verify-full', password: 'typed-secret-value'};
const shells = {psql: '/usr/bin/psql'};

describe('the end of the run says only what happened', () => {
	it('a Java snippet with a typed (or generated) password: names COCKROACH_PASSWORD and how to set it, never the password', () => {
		const lines = endNotice(setup, {output: 'jdbc', shells});
		expect(lines.join('\n')).toContain('COCKROACH_PASSWORD');
		expect(lines.at(-1)).toBe('(the password is read from $COCKROACH_PASSWORD, never written into code: set it before running this, e.g. read -rs COCKROACH_PASSWORD && export COCKROACH_PASSWORD)');
		expect(lines.join('\n')).not.toContain('typed-secret-value');
		const rows = Object.fromEntries(summaryRows(setup, {output: 'jdbc', shells}));
		expect(rows.Password).toBe('not passed to any program (no shell is opened here): how to give it is below');
		expect(rows['SQL shell']).toBeUndefined();
	});

	it('--no-launch without --password-env: the commands say to export PGPASSWORD first', () => {
		const lines = endNotice(setup, {output: 'shell', launch: false, shells}, 'linux', 'x64', ['select 1']);
		expect(lines).toContain('The password is not in these commands: psql reads it from PGPASSWORD (read -rs PGPASSWORD && export PGPASSWORD, then psql …); cockroach sql asks for it.');
		expect(lines.some(line => line.includes('--execute \'select 1\''))).toBe(true);
	});

	it('a client certificate needs no password line', () => {
		const cert: ConnectionSetup = {...setup, password: undefined, sslcert: '/c/client.ana.crt', sslkey: '/c/client.ana.key'};
		expect(endNotice(cert, {output: 'shell', launch: false, shells}).join('\n')).not.toContain('password');
		expect(endNotice(cert, {output: 'jdbc', shells}).join('\n')).not.toContain('COCKROACH_PASSWORD');
	});

	it('a shell that opens: the hand-off is said', () => {
		expect(Object.fromEntries(summaryRows(setup, {output: 'shell', shells}))).toMatchObject({Password: 'handed to the shell in its environment, never on its command line', 'SQL shell': 'psql (/usr/bin/psql)'});
	});
});
