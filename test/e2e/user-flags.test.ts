/**
Users made by the run, through the real binary: --password-file generates the password and writes it only
to a new 0600 file (Cloud, against the spec-checking server that creates the role on the test PostgreSQL;
self-hosted, over SQL with an admin login), and the new user then logs in for real.
*/
import {copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, inject, it} from 'vitest';
import {cert} from '../helpers/cert-cli.js';
import {runCli} from '../helpers/cli.js';
import {followOnPostgres, makeCluster, startCloudApiServer, startIpService, type CloudApiServer} from '../helpers/cloud-api-server.js';
import {adminSql} from '../helpers/pg-server.js';

const pg = inject('pg');
let cloud: CloudApiServer;
let ipService: Awaited<ReturnType<typeof startIpService>>;
const CLUSTER = '99999999-0000-4000-8000-000000000001';
// The test PostgreSQL is shared by the run: names unique to this run let each test (and a re-run) start clean.
const RUN = `${process.pid}_${Date.now().toString(36)}`;

beforeAll(async () => {
	cloud = await startCloudApiServer({
		clusters: [makeCluster({id: CLUSTER, name: 'gen-pw', plan: 'STANDARD', cloud: 'AWS', sqlHost: 'localhost'})],
		caPem: readFileSync(pg.caCert, 'utf8'),
		sqlPort: pg.port,
		onSqlUser: followOnPostgres(sql => adminSql(pg, sql)),
	});
	cloud.state.allowlists[CLUSTER] = [{cidr_ip: '203.0.113.0', cidr_mask: 24, name: 'office', sql: true, ui: false}];
	ipService = await startIpService('203.0.113.10');
});

afterEach(() => expect(cloud.violations).toEqual([]));
afterAll(async () => {
	await cloud.close();
	ipService.close();
});

const dir = () => mkdtempSync(path.join(os.tmpdir(), 'crdb-users-'));
const cloudEnv = (home: string) => ({HOME: home, COCKROACH_API_KEY: cloud.apiKey, COCKROACH_SERVER: cloud.url, CRDB_CONNECT_CLOUD_POLL_MS: '10'});

describe('--password-file on the Cloud path', () => {
	it('generates the password, writes it only to a new 0600 file, creates the user with it and logs in', async () => {
		const home = dir();
		const file = path.join(home, 'gen_user.password');
		const result = await runCli(['--cluster', 'gen-pw', '--allow-current-ip', '--ip-lookup-url', ipService.url, '--sql-user', 'gen_user', '--create-user', '--password-file', file, '--yes', '--no-launch'], {env: cloudEnv(home)});
		expect(result.stderr).toContain(`✔ Create SQL user gen_user: created; generated password written only to ${file} (mode 0600)`);
		expect(result.stderr).toContain('✔ Log in as gen_user and run SELECT version(): PostgreSQL 15');
		expect(result.code).toBe(0);
		const password = readFileSync(file, 'utf8').trim();
		expect(password.length).toBeGreaterThanOrEqual(24);
		expect(statSync(file).mode & 0o777).toBe(0o600);
		expect(cloud.state.passwords[`${CLUSTER}/gen_user`]).toBe(password);
		expect(result.stdout + result.stderr).not.toContain(password);
	});

	it('refuses an existing file before any call, and leaves it as it was', async () => {
		const home = dir();
		const file = path.join(home, 'taken');
		writeFileSync(file, 'keep me\n');
		const before = cloud.requests.length;
		const result = await runCli(['--cluster', 'gen-pw', '--sql-user', 'gen_user2', '--create-user', '--password-file', file, '--yes', '--no-launch'], {env: cloudEnv(home)});
		expect(result.code).toBe(2);
		expect(result.stderr).toContain(`--password-file ${file} exists already: it is never overwritten; name a new file`);
		expect(readFileSync(file, 'utf8')).toBe('keep me\n');
		expect(cloud.requests.length).toBe(before);
	});

	it.each([
		[['--password-file', 'f', '--password-env', 'PW'], 'give --password-env (a password you chose) or --password-file (one generated for you), not both'],
		[['--password-file', 'f'], '--password-file does nothing without --create-user or --reset-password'],
		[['--admin-user', 'root'], '--admin-user does nothing without --create-user'],
	])('%j is a usage error', async (flags, message) => {
		const result = await runCli(['--host', 'localhost', '--user', 'u', ...flags, '--yes'], {env: {PW: 'a long enough password!'}});
		expect(result.code).toBe(2);
		expect(result.stderr).toContain(message);
	});
});

describe('self-hosted --create-user over SQL', () => {
	const connect = ['--host', 'localhost', '--port', String(pg.port), '--sslmode', 'verify-full', '--ca-cert', pg.caCert, '--yes', '--no-launch'];

	it('as a password admin with CREATEROLE: creates the user with a generated password, grants CONNECT, logs in as it', async () => {
		adminSql(pg, `CREATE ROLE sh_admin_${RUN} LOGIN CREATEROLE PASSWORD 'admin password 123'`);
		const home = dir();
		const file = path.join(home, `sh_new_${RUN}.password`);
		const result = await runCli([...connect, '--user', `sh_new_${RUN}`, '--create-user', '--password-file', file, '--admin-user', `sh_admin_${RUN}`, '--admin-password-env', 'ADMIN_PW'], {env: {HOME: home, ADMIN_PW: 'admin password 123'}});
		expect(result.stderr).toContain(`✔ Create SQL user sh_new_${RUN} as sh_admin_${RUN} and grant it CONNECT on defaultdb: created (generated password written only to ${file} (mode 0600)); granted CONNECT on defaultdb`);
		expect(result.stderr).toContain(`✔ Log in as sh_new_${RUN} and run SELECT version(): PostgreSQL 15`);
		expect(result.code).toBe(0);
		expect(adminSql(pg, `SELECT rolcanlogin FROM pg_roles WHERE rolname = 'sh_new_${RUN}'`).trim()).toBe('t');
		expect(adminSql(pg, `SELECT has_database_privilege('sh_new_${RUN}', 'defaultdb', 'CONNECT')`).trim()).toBe('t');
		expect(result.stdout + result.stderr).not.toContain(readFileSync(file, 'utf8').trim());
		expect(result.stdout + result.stderr).not.toContain('admin password 123');
	});

	it('as root with its client certificate: creates a password user from --password-env and logs in; a second run does not create it again', async () => {
		adminSql(pg, `CREATE ROLE sh_root_${RUN} LOGIN CREATEROLE IN ROLE certusers`);
		const home = dir();
		const certs = path.join(home, 'certs');
		mkdirSync(certs);
		copyFileSync(pg.caCert, path.join(certs, 'ca.crt'));
		const made = await cert(['create-client', `sh_root_${RUN}`, '--certs-dir', certs, '--ca-key', pg.caKey, '--lifetime=24h']);
		expect(made.code, made.err).toBe(0);
		const argv = [...connect, '--user', `sh_pw_user_${RUN}`, '--create-user', '--password-env', 'NEW_PW', '--admin-user', `sh_root_${RUN}`, '--certs-dir', certs];
		const first = await runCli(argv, {env: {HOME: home, NEW_PW: 'a brand new password'}});
		expect(first.stderr).toContain(`✔ Create SQL user sh_pw_user_${RUN} as sh_root_${RUN} and grant it CONNECT on defaultdb: created (with the given password); granted CONNECT on defaultdb`);
		expect(first.stderr).toContain(`✔ Log in as sh_pw_user_${RUN} and run SELECT version(): PostgreSQL 15`);
		expect(first.code).toBe(0);
		const second = await runCli(argv, {env: {HOME: home, NEW_PW: 'a brand new password'}});
		expect(second.stderr).toContain(`sh_pw_user_${RUN} exists already: not created again`);
		expect(second.code).toBe(0);
	});

	it('a certificate-only user is created without a password', async () => {
		adminSql(pg, `DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sh_admin2_${RUN}') THEN CREATE ROLE sh_admin2_${RUN} LOGIN CREATEROLE PASSWORD 'admin password 456'; END IF; END $$`);
		const home = dir();
		const result = await runCli([...connect, '--user', `sh_cert_user_${RUN}`, '--auth', 'cert', '--client-cert', path.join(home, `client.sh_cert_user_${RUN}.crt`), '--client-key', path.join(home, `client.sh_cert_user_${RUN}.key`), '--create-user', '--admin-user', `sh_admin2_${RUN}`, '--admin-password-env', 'ADMIN_PW'], {env: {HOME: home, ADMIN_PW: 'admin password 456'}});
		expect(result.stderr).toContain(`✔ Create SQL user sh_cert_user_${RUN} as sh_admin2_${RUN} and grant it CONNECT on defaultdb: created (certificate-only); granted CONNECT on defaultdb`);
		expect(adminSql(pg, `SELECT rolpassword IS NULL FROM pg_authid WHERE rolname = 'sh_cert_user_${RUN}'`).trim()).toBe('t');
		expect(existsSync(path.join(home, `client.sh_cert_user_${RUN}.crt`))).toBe(false);
	});
});
