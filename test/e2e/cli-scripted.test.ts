import {execFileSync} from 'node:child_process';
import {mkdtempSync, readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, inject, it} from 'vitest';
import {parseConnectionUrl} from '../../src/core/connection-url.js';
import {adminSql, createPasswordUser} from '../helpers/pg-server.js';
import {runCli, standIn} from '../helpers/cli.js';
import {startCaServer} from '../helpers/ca-server.js';

const pg = inject('pg');
const PASSWORD = 'p@ss:w/rd!#%+ ?&=';
const USER = 'e2e_scripted';
createPasswordUser(pg, USER, PASSWORD);
adminSql(pg, `CREATE TABLE public.greeting AS SELECT 'hello from the real server'::text AS words; GRANT SELECT ON public.greeting TO ${USER}`, 'defaultdb');

const home = mkdtempSync(path.join(os.tmpdir(), 'crdb-home-'));
const connectFlags = ['--host', 'localhost', '--port', String(pg.port), '--user', USER, '--password-env', 'E2E_PW', '--ca-cert', pg.caCert];
const baseEnv = {E2E_PW: PASSWORD, HOME: home};
const readCalls = (file: string) => readFileSync(file, 'utf8').trim().split('\n').map(line => JSON.parse(line) as {argv: string[]; env: Record<string, string | null>});

describe('crdb-connect without a terminal', () => {
	it('prints its version', async () => {
		const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {version: string};
		expect(await runCli(['--version'])).toEqual({code: 0, stdout: `${pkg.version}\n`, stderr: ''});
	});

	it('lists the flags it still needs, exits 2 and connects nowhere', async () => {
		const result = await runCli([], {env: baseEnv});
		expect(result.code).toBe(2);
		expect(result.stdout).toBe('');
		expect(result.stderr).toContain('missing answers and no terminal to ask them on: --host or --url, --port, --user, --auth, --password-env,');
		expect(result.stderr).not.toContain('✔');
	});

	it('refuses a password in argv with one line and exit 2', async () => {
		const result = await runCli(['--host', 'h', '--password', 'hunter2']);
		expect(result).toEqual({code: 2, stdout: '', stderr: 'crdb-connect: never put a password on the command line (ps and shell history show it): use --password-env NAME\n'});
	});

	it('names every invalid flag', async () => {
		const result = await runCli(['--host', 'h', '--port', '0', '--sslmode', 'sometimes'], {env: baseEnv});
		expect(result.code).toBe(2);
		expect(result.stderr.trim().split('\n')).toEqual([
			'crdb-connect: --port: the port must be a number from 1 to 65535 (CockroachDB uses 26257; 8080 is the DB Console)',
			'crdb-connect: --sslmode: unrecognized sslmode "sometimes": use verify-full, verify-ca, require or disable',
		]);
	});

	it('with --no-launch prints only the connection string on stdout', async () => {
		const result = await runCli([...connectFlags, '--yes', '--no-launch'], {env: baseEnv});
		expect(result.stderr).toContain('✔ Log in as e2e_scripted and run SELECT version(): PostgreSQL 15');
		expect(result.code).toBe(0);
		expect(result.stdout).toBe(`postgresql://${USER}@localhost:${pg.port}/defaultdb?sslmode=verify-full&sslrootcert=${pg.caCert}\n`);
		expect(result.stderr + result.stdout).not.toContain(PASSWORD);
	});

	it('hands the terminal to cockroach with the URL in COCKROACH_URL, never in argv, and returns its exit code', async () => {
		const cockroach = standIn('cockroach', {envKeys: ['COCKROACH_URL'], exitCode: 7});
		const result = await runCli([...connectFlags, '--yes'], {env: {...baseEnv, PATH: `${cockroach.dir}:${process.env.PATH}`}});
		expect(result.stderr).toContain(`✔ Find a SQL shell (cockroach, cockroach-sql, psql): cockroach at ${cockroach.dir}/cockroach`);
		expect(result.code).toBe(7);
		const [call] = readCalls(cockroach.record);
		expect(call!.argv).toEqual(['sql']);
		const url = call!.env.COCKROACH_URL!;
		const parsed = parseConnectionUrl(url);
		expect(parsed.ok && parsed.parts).toMatchObject({user: USER, password: PASSWORD, host: 'localhost', port: pg.port, sslmode: 'verify-full', sslrootcert: pg.caCert});
		// The stand-in proves only what we asked; libpq proves the URL itself works against the real server.
		const words = execFileSync('psql', ['-X', '-At', '-c', 'select words from public.greeting', url], {encoding: 'utf8', env: {...process.env, PGPASSWORD: ''}});
		expect(words.trim()).toBe('hello from the real server');
	});

	it('falls back to psql, with the password only in PGPASSWORD, and runs the SQL it is given', async () => {
		// A recording wrapper that then runs the real psql against the real server.
		const psql = standIn('psql', {envKeys: ['PGPASSWORD'], then: '/usr/bin/psql'});
		const result = await runCli([...connectFlags, '--yes'], {env: {...baseEnv, PATH: `${psql.dir}:/usr/bin:/bin`}, input: 'select words from public.greeting;\n'});
		expect(result.code).toBe(0);
		expect(result.stdout).toContain('hello from the real server');
		const [call] = readCalls(psql.record);
		expect(call!.argv).toEqual([`postgresql://${USER}@localhost:${pg.port}/defaultdb?sslmode=verify-full&sslrootcert=${pg.caCert}`]);
		expect(call!.env.PGPASSWORD).toBe(PASSWORD);
		expect(JSON.stringify(call!.argv)).not.toContain('p@ss');
	});

	it('runs --execute statements in the shell and exits with its status', async () => {
		const cockroach = standIn('cockroach', {envKeys: ['COCKROACH_URL'], exitCode: 0});
		const viaCockroach = await runCli([...connectFlags, '--yes', '-e', 'select 1', '--execute', 'select 2'], {env: {...baseEnv, PATH: `${cockroach.dir}:${process.env.PATH}`}});
		expect(viaCockroach.code).toBe(0);
		expect(readCalls(cockroach.record)[0]!.argv).toEqual(['sql', '--execute', 'select 1', '--execute', 'select 2']);
		const psql = standIn('psql', {envKeys: [], then: '/usr/bin/psql'});
		const viaPsql = await runCli([...connectFlags, '--yes', '-e', 'select words from public.greeting'], {env: {...baseEnv, PATH: `${psql.dir}:/usr/bin:/bin`}});
		expect(viaPsql.code).toBe(0);
		expect(viaPsql.stdout).toContain('hello from the real server');
	});

	it('uses cockroach-sql when it is the client installed', async () => {
		const cockroachSql = standIn('cockroach-sql', {envKeys: ['COCKROACH_URL'], exitCode: 0});
		const result = await runCli([...connectFlags, '--yes'], {env: {...baseEnv, PATH: `${cockroachSql.dir}:/usr/bin:/bin`}});
		expect(result.code).toBe(0);
		const [call] = readCalls(cockroachSql.record);
		expect(call!.argv).toEqual([]);
		expect(call!.env.COCKROACH_URL).toContain(`${USER}:`);
	});

	it('passes the shell\'s failure through as its exit code', async () => {
		const psql = standIn('psql', {envKeys: [], then: '/usr/bin/psql'});
		const result = await runCli([...connectFlags, '--yes'], {env: {...baseEnv, PATH: `${psql.dir}:/usr/bin:/bin`}, input: '\\set ON_ERROR_STOP on\nselect * from no_such_table;\n'});
		expect(result.code).toBe(3);
		expect(result.stderr).toContain('relation "no_such_table" does not exist');
	});

	it('prints both commands when no shell is installed', async () => {
		const result = await runCli([...connectFlags, '--yes'], {env: {...baseEnv, PATH: home}});
		expect(result.code).toBe(0);
		expect(result.stderr).toContain('No SQL shell found on PATH (looked for cockroach, cockroach-sql and psql). Install the CockroachDB SQL client:');
		expect(result.stderr).toContain(process.platform === 'linux' ? `curl https://binaries.cockroachdb.com/cockroach-latest.linux-${process.arch === 'arm64' ? 'arm64' : 'amd64'}.tgz | tar -xz` : 'cockroach');
		expect(result.stderr).toContain(`cockroach sql --url 'postgresql://${USER}@localhost:${pg.port}/defaultdb?sslmode=verify-full&sslrootcert=${pg.caCert}'`);
	});

	it('stops with exit 1 and the cause when the password is wrong', async () => {
		const result = await runCli([...connectFlags, '--yes', '--no-launch'], {env: {...baseEnv, E2E_PW: 'wrong password'}});
		expect(result.code).toBe(1);
		expect(result.stderr).toContain(`crdb-connect: stopped: Log in: password authentication failed for user "${USER}"`);
		expect(result.stdout).toBe('');
	});

	it('accepts the whole connection string from an environment variable', async () => {
		const url = `postgresql://${USER}:${encodeURIComponent(PASSWORD)}@localhost:${pg.port}/defaultdb?sslmode=verify-full&sslrootcert=${pg.caCert}`;
		const result = await runCli(['--url-env', 'DB_URL', '--yes', '--no-launch'], {env: {...baseEnv, DB_URL: url}});
		expect(result.stderr).toContain('✔ Log in as e2e_scripted');
		expect(result.code).toBe(0);
	});

	it('downloads the CA from a link into ~/.postgresql/root.crt and names it in the URL', async () => {
		const server = await startCaServer({'/cluster-ca.crt': readFileSync(pg.caCert, 'utf8')});
		const freshHome = mkdtempSync(path.join(os.tmpdir(), 'crdb-home-'));
		try {
			const flags = connectFlags.map(f => (f === pg.caCert ? server.url('/cluster-ca.crt') : f));
			const result = await runCli([...flags, '--yes', '--no-launch'], {env: {...baseEnv, HOME: freshHome}});
			expect(result.stderr).toContain(`✔ Download the CA certificate into ${freshHome}/.postgresql/root.crt: added to ${freshHome}/.postgresql/root.crt`);
			expect(result.code).toBe(0);
			expect(result.stdout).toBe(`postgresql://${USER}@localhost:${pg.port}/defaultdb?sslmode=verify-full&sslrootcert=${freshHome}/.postgresql/root.crt\n`);
			expect(readFileSync(`${freshHome}/.postgresql/root.crt`, 'utf8')).toBe(`${readFileSync(pg.caCert, 'utf8').trim()}\n`);
			expect(server.requests).toEqual(['/cluster-ca.crt']);
		} finally {
			await server.close();
		}
	});

	it('prints the chosen format instead of opening a shell', async () => {
		const result = await runCli([...connectFlags, '--yes', '--format', 'psycopg2'], {env: baseEnv});
		expect(result.code).toBe(0);
		expect(result.stdout).toBe(`import os\nimport psycopg2\n\nconn = psycopg2.connect("postgresql://${USER}@localhost:${pg.port}/defaultdb?sslmode=verify-full&sslrootcert=${pg.caCert}", password=os.environ["E2E_PW"])\n`);
		expect(result.stderr).not.toContain('Opening');
	});
});
