import {execFileSync} from 'node:child_process';
import {inject, describe, expect, it} from 'vitest';
import {checkConnection} from '../helpers/login.js';
import {buildConnectionUrl} from '../../src/core/connection-url.js';
import type {ConnectionSetup} from '../../src/core/setup.js';
import {adminSql, createPasswordUser} from '../helpers/pg-server.js';

const pg = inject('pg');
const SPECIAL = 'p@ss:w/rd!#%+ ?&=';

function setupFor(user: string, password: string, extra: Partial<ConnectionSetup> = {}): ConnectionSetup {
	return {host: 'localhost', port: pg.port, user, password, database: 'defaultdb', sslmode: 'verify-full', sslrootcert: pg.caCert, ...extra};
}

describe('checkConnection against PostgreSQL 15 over TLS', () => {
	createPasswordUser(pg, 'special_pw', SPECIAL);
	adminSql(pg, 'GRANT CONNECT ON DATABASE defaultdb TO special_pw');

	it('logs in with a password full of URL-special characters and reads the version', async () => {
		const {serverVersion} = await checkConnection(setupFor('special_pw', SPECIAL));
		expect(serverVersion).toMatch(/^PostgreSQL 15/);
	});

	it('psql accepts the URL we build, with the password percent-encoded in it, under verify-full', () => {
		const url = buildConnectionUrl(setupFor('special_pw', SPECIAL), 'include');
		expect(url).toContain('p%40ss%3Aw%2Frd%21%23%25%2B%20%3F%26%3D');
		const result = execFileSync('psql', ['-X', '-At', '-c', "select current_user || '|' || inet_server_port() || '|' || (select ssl from pg_stat_ssl where pid = pg_backend_pid())", url], {encoding: 'utf8', env: {...process.env, PGPASSWORD: ''}});
		expect(result.trim()).toBe(`special_pw|${pg.port}|true`);
	});

	it('names a wrong password as such', async () => {
		await expect(checkConnection(setupFor('special_pw', 'not the password'))).rejects.toThrow(/password authentication failed for user "special_pw"/);
	});

	it('names an unknown database', async () => {
		await expect(checkConnection(setupFor('special_pw', SPECIAL, {database: 'nosuchdb'}))).rejects.toThrow(/database "nosuchdb" does not exist/);
	});

	it('refuses a server whose certificate does not name the host under verify-full', async () => {
		// The test server's certificate names localhost and 127.0.0.1, not 127.0.0.2.
		await expect(checkConnection(setupFor('special_pw', SPECIAL, {host: '127.0.0.2'}))).rejects.toThrow(/(not valid for the name "127\.0\.0\.2"|refused)/);
	});

	it('says TLS is required when sslmode=disable meets a TLS-only server', async () => {
		await expect(checkConnection(setupFor('special_pw', SPECIAL, {sslmode: 'disable', sslrootcert: undefined}))).rejects.toThrow(/requires TLS/);
	});

	it('says the certificate is not signed by the given CA', async () => {
		await expect(checkConnection(setupFor('special_pw', SPECIAL, {sslrootcert: '/etc/ssl/certs/ca-certificates.crt'}))).rejects.toThrow(/not signed by the CA in \/etc\/ssl/);
	});
});
