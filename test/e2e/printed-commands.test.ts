/**
What the end of a run prints is true: the summary names a shell hand-off only when one happens, every printed
command carries the -e statements, and wherever the password is left out the person is told how to give it.
Through the binary against the real TLS PostgreSQL server.
*/
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, inject, it} from 'vitest';
import {BIN, runCli} from '../helpers/cli.js';
import {createPasswordUser} from '../helpers/pg-server.js';
import {spawnPty, type PtySession} from '../helpers/pty.js';

const pg = inject('pg');
const USER = 'printed_user';
const PASSWORD = 'printed commands password';
createPasswordUser(pg, USER, PASSWORD);
const connect = () => ['--host', 'localhost', '--port', String(pg.port), '--user', USER, '--password-env', 'PW', '--ca-cert', pg.caCert, '--yes'];
const env = () => ({HOME: mkdtempSync(path.join(os.tmpdir(), 'crdb-printed-')), PW: PASSWORD});
let session: PtySession | undefined;

afterEach(() => session?.kill());

describe('the summary says only what happened', () => {
	it('--no-launch: no hand-off claimed, the shell "not opened", and the commands say where the password comes from', async () => {
		const result = await runCli([...connect(), '--no-launch', '-e', 'select 1'], {env: env()});
		expect(result.code).toBe(0);
		expect(result.stderr).not.toContain('handed to the shell');
		expect(result.stderr).toMatch(/ {2}Password +from \$PW; not passed to any program \(no shell is opened here\): how to give it is below/);
		expect(result.stderr).toMatch(/ {2}SQL shell +psql \(\S+\), not opened \(--no-launch\)/);
		expect(result.stderr).toContain('Run it later with one of:');
		expect(result.stderr).toMatch(/psql 'postgresql:\/\/printed_user@localhost:\d+\/defaultdb\?[^']*' -c 'select 1'/);
		expect(result.stderr).toContain('The password is not in these commands: psql reads it from PGPASSWORD (PGPASSWORD="$PW" psql …); cockroach sql asks for it.');
		expect(result.stderr + result.stdout).not.toContain(PASSWORD);
	});

	it('--format url: no SQL shell row and no hand-off; says the password is not in the string', async () => {
		const result = await runCli([...connect(), '--format', 'url'], {env: env()});
		expect(result.code).toBe(0);
		expect(result.stderr).not.toContain('handed to the shell');
		expect(result.stderr).not.toMatch(/SQL shell {2}/);
		expect(result.stderr).toContain('(the password is not in it: give it to your client separately, e.g. psql reads PGPASSWORD)');
		expect(result.stdout).toMatch(/^postgresql:\/\/printed_user@localhost:\d+\/defaultdb\?\S+\n$/);
	});

	it('--dry-run: the password "would be" handed over and the shell is "not opened (dry run)"', async () => {
		const result = await runCli([...connect(), '--dry-run'], {env: env()});
		expect(result.code).toBe(0);
		expect(result.stderr).not.toContain('handed to the shell in its environment, never');
		expect(result.stderr).toMatch(/ {2}Password +from \$PW; would be handed to the shell in its environment \(dry run\)/);
		expect(result.stderr).toMatch(/ {2}SQL shell +psql \(\S+\), not opened \(dry run\)/);
	});

	it('a launch that happens says so (the control: the hand-off line is still there when psql opens)', async () => {
		const result = await runCli([...connect(), '-e', 'select 42 as answer'], {env: env()});
		expect(result.code).toBe(0);
		expect(result.stderr).toMatch(/ {2}Password +from \$PW; handed to the shell in its environment/);
		expect(result.stderr).toMatch(/ {2}SQL shell +psql \(\S+\)\n/);
		expect(result.stdout).toMatch(/answer\s*\n-+\n\s*42/);
	});
});

describe('scripted messages name no key the run did not offer', () => {
	it('with --yes given, a missing answer does not say "add --yes"', async () => {
		const result = await runCli(['--host', 'localhost', '--port', String(pg.port), '--user', USER, '--auth', 'password', '--ca-cert', pg.caCert, '--yes'], {env: env()});
		expect(result.code).toBe(2);
		expect(result.stderr).toContain('missing answers and no terminal to ask them on: --password-env');
		expect(result.stderr).toContain('Pass them as flags (--yes takes only answers that have a default), or run crdb-connect in a terminal.');
		expect(result.stderr).not.toContain('add --yes');
	});
});

describe('every printed command carries the -e statements', () => {
	it('scripted --format cockroach-sql -e … -e …: both as --execute, and how the password is given', async () => {
		const result = await runCli([...connect(), '--format', 'cockroach-sql', '-e', 'select 1', '-e', 'select 2'], {env: env()});
		expect(result.code).toBe(0);
		expect(result.stdout).toMatch(/^cockroach sql --url 'postgresql:\/\/printed_user@localhost:\d+\/defaultdb\?[^']*' --execute 'select 1' --execute 'select 2'\n$/);
		expect(result.stderr).toContain('(the password is not in it: cockroach sql asks for it)');
	});

	it('Ink "Show the cockroach sql command" with -e: the command printed carries --execute', async () => {
		const home = mkdtempSync(path.join(os.tmpdir(), 'crdb-printed-'));
		const command = `${process.execPath} ${BIN} --host localhost --port ${pg.port} --user ${USER} --auth password --ca-cert ${pg.caCert} -e 'select 1' -e 'select 2'; echo "EXIT=$?"`;
		const s = (session = spawnPty('/bin/bash', ['--norc', '--noprofile', '-c', command], {env: {HOME: home, PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`}}));
		await s.waitForScreen('? Password for the SQL user', 20_000);
		await s.waitForRawMode();
		s.write(PASSWORD);
		await s.waitForScreen('*'.repeat(PASSWORD.length));
		s.write('\r');
		await s.waitForScreen('? The rest of the connection: accept it, or edit each choice');
		s.write('e');
		await s.waitForScreen('? TLS mode');
		s.write('\r');
		await s.waitForScreen('? Which database?', 20_000);
		s.write('\r');
		await s.waitForScreen('? How will you connect?');
		s.write('\u001B[B');
		await s.waitForScreen('❯ Show the cockroach sql command');
		s.write('\r');
		const screen = (await s.waitForScreen('EXIT=0', 20_000)).replace(/\n/g, '');
		expect(screen).toMatch(/cockroach sql --url 'postgresql:\/\/printed_user@localhost:\d+\/defaultdb\?[^']*' --execute 'select 1' --execute 'select 2'/);
		expect(screen).not.toContain('handed to the shell');
		expect(screen).not.toContain('SQL shell  ');
		expect(screen).toContain('(the password is not in it: cockroach sql asks for it)');
	});
});
