import {execFileSync} from 'node:child_process';
import {mkdtempSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, inject, it} from 'vitest';
import {runUrlCommand} from '../../src/commands/url.js';
import {parseConnectionUrl} from '../../src/core/connection-url.js';
import {createPasswordUser} from '../helpers/pg-server.js';

const pg = inject('pg');
const PASSWORD = 'url cmd p@ss!';
createPasswordUser(pg, 'url_user', PASSWORD);
const dir = mkdtempSync(path.join(os.tmpdir(), 'crdb-url-'));
const flags = ['--host', 'localhost', '--port', String(pg.port), '--user', 'url_user', '--ca-cert', pg.caCert];
const env = {HOME: dir, URL_PW: PASSWORD};

async function url(argv: string[], extraEnv: NodeJS.ProcessEnv = {}) {
	let out = '';
	let err = '';
	const code = await runUrlCommand(argv, {...env, ...extraEnv}, {out: t => (out += t), err: t => (err += t)});
	return {code, out, err};
}

describe('crdb-connect url', () => {
	it('prints the URL by default and any format by name', async () => {
		expect(await url(flags)).toEqual({code: 0, out: `postgresql://url_user@localhost:${pg.port}/defaultdb?sslmode=verify-full&sslrootcert=${pg.caCert}\n`, err: ''});
		expect((await url([...flags, '--format', 'cockroach-sql'])).out).toMatch(/^cockroach sql --url 'postgresql:\/\/url_user@localhost/);
		const all = JSON.parse((await url([...flags, '--json'])).out) as Record<string, string>;
		expect(Object.keys(all)).toHaveLength(13);
	});

	it('gives a node-pg snippet that really connects, reading the password from the environment', async () => {
		const snippet = (await url([...flags, '--password-env', 'URL_PW', '--format', 'node-pg'])).out;
		// Inside the project, so the snippet's `import pg` resolves to the installed driver.
		const file = path.join(process.cwd(), 'node_modules', '.crdb-url-snippet.mjs');
		writeFileSync(file, `${snippet}\nconst {rows} = await client.query('select current_user as u');\nconsole.log(rows[0].u);\nawait client.end();\n`);
		expect(execFileSync(process.execPath, [file], {encoding: 'utf8', env: {...process.env, URL_PW: PASSWORD}}).trim()).toBe('url_user');
	});

	it('writes DATABASE_URL with the encoded password to a new .env file, mode 0600', async () => {
		const file = path.join(dir, 'new.env');
		const run = await url([...flags, '--password-env', 'URL_PW', '--dotenv', file]);
		expect(run.code).toBe(0);
		expect(run.err).toBe(`wrote DATABASE_URL in ${file} (mode 0600)\n`);
		expect(run.out).not.toContain('p@ss');
		const line = readFileSync(file, 'utf8');
		expect(line).toMatch(/^DATABASE_URL=postgresql:\/\/url_user:url%20cmd%20p%40ss%21@localhost/);
		expect(statSync(file).mode & 0o777).toBe(0o600);
		const parsed = parseConnectionUrl(line.trim().slice('DATABASE_URL='.length));
		expect(parsed.ok && parsed.parts.password).toBe(PASSWORD);
		// psql accepts the written URL against the real server.
		expect(execFileSync('psql', ['-X', '-At', '-c', 'select 1', line.trim().slice('DATABASE_URL='.length)], {encoding: 'utf8', env: {...process.env, PGPASSWORD: ''}}).trim()).toBe('1');
	});

	it('never overwrites an existing different value without consent, and keeps other lines', async () => {
		const file = path.join(dir, 'app.env');
		writeFileSync(file, 'PORT=3000\nDATABASE_URL=postgresql://someone@else/db\n', {mode: 0o644});
		const before = readFileSync(file, 'utf8');
		const refused = await url([...flags, '--password-env', 'URL_PW', '--dotenv', file]);
		expect(refused.code).toBe(1);
		expect(refused.err).toMatch(/DATABASE_URL is already set to something else in .*app\.env; nothing was written\. Rerun with --replace-dotenv/);
		expect(readFileSync(file, 'utf8')).toBe(before);
		const replaced = await url([...flags, '--password-env', 'URL_PW', '--dotenv', file, '--replace-dotenv', '--dotenv-key', 'DATABASE_URL']);
		expect(replaced.code).toBe(0);
		expect(readFileSync(file, 'utf8')).toMatch(/^PORT=3000\nDATABASE_URL=postgresql:\/\/url_user:/);
		expect(statSync(file).mode & 0o777).toBe(0o600);
	});

	it('refuses bad input with exit 2', async () => {
		expect((await url([...flags, '--format', 'cobol'])).err).toMatch(/unknown --format "cobol": use one of cockroach-sql, url/);
		expect((await url(['--port', '5'])).err).toMatch(/^crdb-connect: missing: --user, --ca-cert\n$/);
		expect((await url(['--cluster', 'shop'])).err).toMatch(/^crdb-connect: url works offline from --host or --url; for a Cloud cluster, run the wizard/);
	});
});
