/**
The doctor against real peers for the failure modes that test/commands/doctor.test.ts does not cover: TLS
alerts about the client certificate, key usages, encrypted keys and sslpassword, libpq's sslmode rules
(require with a CA file, ~/.postgresql/root.crt, sslrootcert=system), PG* fallbacks, multi-host lists, a
server that closes at once, no password, a missing privilege — and that no secret reaches --json or --report.
Certificates for these are made with the openssl CLI (another tool than our own `cert`), signed by the test
server's CA or by a stranger CA.
*/
import {execFileSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, readFileSync, writeFileSync, copyFileSync, chmodSync} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest';
import {runDoctorCommand} from '../../src/commands/doctor.js';
import type {DoctorOptions} from '../../src/doctor/checks.js';
import {runCli} from '../helpers/cli.js';
import {adminSql, createPasswordUser, freePort, startPgServer, stopPgServer, type PgServerInfo} from '../helpers/pg-server.js';

const pg = inject('pg');
const PASSWORD = 'modes pw 12345';
createPasswordUser(pg, 'mode_user', PASSWORD);
adminSql(pg, 'CREATE ROLE mode_nopw LOGIN');
createPasswordUser(pg, 'mode_noconnect', PASSWORD);
adminSql(pg, 'CREATE DATABASE locked_db');
adminSql(pg, 'REVOKE CONNECT ON DATABASE locked_db FROM PUBLIC');
adminSql(pg, 'CREATE ROLE mode_cert LOGIN IN ROLE certusers');
const dir = mkdtempSync(path.join(os.tmpdir(), 'crdb-doctor-modes-'));
let noServerAuth: PgServerInfo;
let slammer: net.Server;
let slammerPort: number;

const resolve: DoctorOptions['resolve'] = async host => {
	if (host === 'localhost' || host === 'db.internal') return ['127.0.0.1'];
	throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), {code: 'ENOTFOUND'});
};

function openssl(args: string[]): void {
	execFileSync('openssl', args, {cwd: dir, stdio: 'pipe'});
}

/** A certificate for `cn` signed by `ca` (files in dir), with the given extensions. */
function leaf(name: string, cn: string, ca: string, ext: string, keyArgs: string[] = ['-nodes']): {cert: string; key: string} {
	openssl(['req', '-newkey', 'rsa:2048', ...keyArgs, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`]);
	writeFileSync(path.join(dir, `${name}.ext`), ext);
	openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.crt`, '-CAkey', `${ca}.key`, '-CAcreateserial', '-out', `${name}.crt`, '-days', '1', '-extfile', `${name}.ext`]);
	chmodSync(path.join(dir, `${name}.key`), 0o600);
	return {cert: path.join(dir, `${name}.crt`), key: path.join(dir, `${name}.key`)};
}

beforeAll(async () => {
	copyFileSync(pg.caCert, path.join(dir, 'testca.crt'));
	copyFileSync(pg.caKey, path.join(dir, 'testca.key'));
	openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'stranger.key', '-out', 'stranger.crt', '-days', '2', '-subj', '/CN=Stranger CA', '-addext', 'basicConstraints=critical,CA:TRUE']);
	leaf('foreign', 'mode_user', 'stranger', 'extendedKeyUsage=clientAuth\n');
	leaf('serveronly', 'mode_cert', 'testca', 'extendedKeyUsage=serverAuth\n');
	leaf('good', 'mode_cert', 'testca', 'extendedKeyUsage=clientAuth\n');
	leaf('locked', 'mode_cert', 'testca', 'extendedKeyUsage=clientAuth\n', ['-passout', 'pass:key phrase']);
	const server = leaf('clientonly', 'localhost', 'testca', 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=clientAuth\n');
	noServerAuth = await startPgServer({tls: {...server, ca: pg.caCert}});
	createPasswordUser(noServerAuth, 'mode_user', PASSWORD);
	// A server that closes every connection as soon as it accepts it.
	slammer = net.createServer(socket => socket.destroy());
	await new Promise<void>(r => slammer.listen(0, '127.0.0.1', r));
	slammerPort = (slammer.address() as net.AddressInfo).port;
	// A home directory whose ~/.postgresql/root.crt is another cluster's CA (the Cloud CA trap).
	mkdirSync(path.join(dir, 'home', '.postgresql'), {recursive: true});
	copyFileSync(path.join(dir, 'stranger.crt'), path.join(dir, 'home', '.postgresql', 'root.crt'));
}, 90_000);

afterAll(() => {
	stopPgServer(noServerAuth);
	slammer?.close();
});

const url = (o: {host?: string; port?: number; user?: string; db?: string; mode?: string; ca?: string | null; extra?: string} = {}) =>
	`postgresql://${o.user ?? 'mode_user'}@${o.host ?? 'localhost'}:${o.port ?? pg.port}/${o.db ?? 'defaultdb'}?sslmode=${o.mode ?? 'verify-full'}${o.ca === null ? '' : `&sslrootcert=${o.ca ?? pg.caCert}`}${o.extra ?? ''}`;
const files = (name: string) => `&sslcert=${dir}/${name}.crt&sslkey=${dir}/${name}.key`;

type Report = {ok: boolean; url: string; checks: Array<{id: string; status: string; detail: string; notes?: string[]; diagnosis?: {rule: string}}>};

async function doctor(target: string, env: NodeJS.ProcessEnv = {}, args: string[] = [], timeout = '3s') {
	let out = '';
	let err = '';
	const code = await runDoctorCommand(['--url-env', 'U', ...args, '--timeout', timeout, '--json'], {U: target, ...env}, {out: t => (out += t), err: t => (err += t)}, {resolve});
	const report = JSON.parse(out) as Report;
	return {code, out, err, report, failed: report.checks.find(c => c.status === 'fail'), check: (id: string) => report.checks.find(c => c.id === id)!};
}

function psqlFails(target: string, env: NodeJS.ProcessEnv = {}): string {
	try {
		execFileSync('psql', ['-X', '-Atc', 'select 1', target], {encoding: 'utf8', stdio: 'pipe', env: {PATH: process.env.PATH, ...env}});
		return '';
	} catch (error) {
		return String((error as {stderr?: string}).stderr);
	}
}

describe('client certificates and keys', () => {
	it('mode 11/17: a client certificate from another CA → the TLS alert named, never a silent exit (20 runs)', async () => {
		for (let i = 0; i < 20; i++) {
			const run = await doctor(url({extra: files('foreign')}), {PW: PASSWORD}, ['--password-env', 'PW']);
			expect(run.code).toBe(1);
			expect(run.failed?.id).toBe('login');
			expect(run.failed?.diagnosis?.rule).toBe('tls-alert-unknown-ca');
			expect(run.failed?.detail).toMatch(/^the server rejected your client certificate \(unknown ca\): it was not issued by the CA the cluster trusts/);
		}
	});

	it('…and through the real binary: a verdict on stdout and exit 1, with and without --json', async () => {
		for (const json of [true, false]) {
			const result = await runCli(['doctor', '--url-env', 'U', '--password-env', 'PW', '--timeout', '3s', ...(json ? ['--json'] : [])], {env: {U: url({extra: files('foreign')}).replace('localhost', '127.0.0.1'), PW: PASSWORD}});
			expect(result.code).toBe(1);
			expect(result.stdout).toMatch(/unknown ca/);
		}
	});

	it('mode 19: a client certificate without clientAuth, a server certificate without serverAuth', async () => {
		const client = await doctor(url({user: 'mode_cert', extra: files('serveronly')}));
		expect(client.failed?.id).toBe('files');
		expect(client.failed?.detail).toMatch(/lacks the clientAuth extended key usage \(it lists serverAuth\)/);
		const server = await doctor(url({port: noServerAuth.port}), {PW: PASSWORD}, ['--password-env', 'PW']);
		expect(server.failed?.id).toBe('tls');
		expect(server.failed?.detail).toMatch(/lacks the serverAuth extended key usage \(it lists clientAuth\)/);
		expect(server.failed?.detail).not.toMatch(/CA/);
	});

	it('an encrypted client key: refused without sslpassword, used with it (the passphrase never printed)', async () => {
		const without = await doctor(url({user: 'mode_cert', extra: files('locked')}));
		expect(without.failed?.id).toBe('files');
		expect(without.failed?.detail).toMatch(/is encrypted and no sslpassword was given: add sslpassword=<passphrase>/);
		const withIt = await doctor(url({user: 'mode_cert', extra: `${files('locked')}&sslpassword=key%20phrase`}));
		expect(withIt.failed, JSON.stringify(withIt.failed)).toBeUndefined();
		expect(withIt.out).not.toContain('key phrase');
		expect(withIt.out).not.toContain('key%20phrase');
		expect(withIt.report.url).toContain('sslpassword=%2A%2A%2A%2A');
	});
});

describe('the wizard\'s seam', () => {
	it('runDoctor takes the key\'s passphrase beside the URL (the wizard keeps secrets out of it)', async () => {
		const {runDoctor} = await import('../../src/doctor/checks.js');
		const checks = await runDoctor(url({user: 'mode_cert', extra: files('locked')}), undefined, {timeoutMs: 3000, resolve, sslpassword: 'key phrase'});
		expect(checks.find(c => c.status === 'fail')).toBeUndefined();
		expect(checks.find(c => c.id === 'files')!.detail).toMatch(/encrypted; sslpassword opens it/);
	});
});

describe("libpq's sslmode rules", () => {
	it('mode 11: sslmode=require with ~/.postgresql/root.crt from another cluster fails, as psql fails', async () => {
		const target = url({mode: 'require', ca: null});
		const run = await doctor(target, {PW: PASSWORD, HOME: path.join(dir, 'home')}, ['--password-env', 'PW']);
		expect(run.failed?.id).toBe('tls');
		expect(run.failed?.detail).toMatch(/which the CA file .*home\/\.postgresql\/root\.crt does not vouch for/);
		expect(run.check('files').notes!.join('\n')).toMatch(/checks the server's chain against it even under sslmode=require \(verify-ca behaviour\)/);
		expect(psqlFails(target, {HOME: path.join(dir, 'home'), PGPASSWORD: PASSWORD})).toMatch(/certificate verify failed/);
	});

	it('sslmode=require with the right CA but a wrong host name passes, warning that node-postgres refuses it', async () => {
		const run = await doctor(url({mode: 'require', host: 'db.internal'}), {PW: PASSWORD}, ['--password-env', 'PW']);
		expect(run.code).toBe(0);
		expect(run.check('tls').detail).toMatch(/verify-ca behaviour: name not checked/);
		expect(run.check('tls').notes!.join('\n')).toMatch(/not valid for "db\.internal".*libpq does not check names under sslmode=require, node-postgres and sslmode=verify-full do/);
		expect(run.check('parse').notes!.join('\n')).toMatch(/node-postgres treats sslmode=require as verify-full/);
	});

	it('mode 12: sslrootcert=system means the system store (so a private CA fails), and needs verify-full', async () => {
		const system = await doctor(url({ca: 'system'}), {PW: PASSWORD}, ['--password-env', 'PW']);
		expect(system.check('files').detail).toMatch(/the system trust store/);
		expect(system.failed?.id).toBe('tls');
		expect(system.failed?.detail).toMatch(/which the CA file the system trust store does not vouch for/);
		expect(system.check('parse').notes!.join('\n')).toMatch(/node-postgres reads sslrootcert=system as a file called "system"/);
		const weak = await doctor(url({mode: 'require', ca: 'system'}));
		expect(weak.failed?.detail).toBe('weak sslmode "require" may not be used with sslrootcert=system (use "verify-full")');
	});
});

describe('where values come from', () => {
	it('PGHOST, PGPORT, PGUSER, PGPASSWORD, PGSSLMODE, PGSSLROOTCERT fill what the URL leaves out, each named', async () => {
		const run = await doctor('postgresql:///defaultdb', {PGHOST: 'localhost', PGPORT: String(pg.port), PGUSER: 'mode_user', PGPASSWORD: PASSWORD, PGSSLMODE: 'verify-full', PGSSLROOTCERT: pg.caCert});
		expect(run.failed, JSON.stringify(run.failed)).toBeUndefined();
		expect(run.check('parse').detail).toBe(`user mode_user (PGUSER), host localhost:${pg.port} (PGHOST; port: PGPORT), database defaultdb (the URL), sslmode verify-full (PGSSLMODE), password from PGPASSWORD`);
		expect(run.check('login').detail).toBe('logged in as mode_user with a password (from PGPASSWORD)');
	});

	it('no password at all → "the server asks for a password and none was given"', async () => {
		const run = await doctor(url());
		expect(run.failed?.id).toBe('login');
		expect(run.failed?.diagnosis?.rule).toBe('no-password');
		expect(run.failed?.detail).toMatch(/the server asks for a password and none was given\. Fix: --password-env NAME .*or set PGPASSWORD/);
	});

	it('a host list is tried in order, as libpq does', async () => {
		const closed = await freePort();
		const run = await doctor(`postgresql://mode_user@localhost:${closed},localhost:${pg.port}/defaultdb?sslmode=verify-full&sslrootcert=${pg.caCert}`, {PW: PASSWORD}, ['--password-env', 'PW']);
		expect(run.failed, JSON.stringify(run.failed)).toBeUndefined();
		expect(run.check('tcp').detail).toMatch(new RegExp(`127\\.0\\.0\\.1:${pg.port} \\(localhost\\) accepted`));
		expect(run.check('tcp').notes![0]).toMatch(new RegExp(`localhost \\(127\\.0\\.0\\.1\\):${closed}: .*refused the connection`));
		expect(run.check('parse').notes!.join('\n')).toMatch(/node-postgres reads a host list as one host name/);
	});
});

describe('servers that misbehave', () => {
	it('a server that closes right after accepting: said at once, not after the timeout', async () => {
		const started = Date.now();
		const run = await doctor(url({port: slammerPort}), {}, [], '5s');
		expect(run.failed?.id).toBe('tls');
		expect(run.failed?.detail).toMatch(/closed the connection unexpectedly/);
		expect(Date.now() - started).toBeLessThan(4000);
	});

	it('mode 23: a user without CONNECT on the database → the privilege named, with the GRANT', async () => {
		const run = await doctor(url({user: 'mode_noconnect', db: 'locked_db'}), {PW: PASSWORD}, ['--password-env', 'PW']);
		expect(run.failed?.id).toBe('login');
		expect(run.failed?.diagnosis?.rule).toBe('no-privilege');
		expect(run.failed?.detail).toMatch(/user "mode_noconnect" lacks a privilege: permission denied for database "locked_db".*GRANT/);
	});
});

describe('secrets', () => {
	it('--json and --report never hold the password, sslpassword or PGPASSWORD', async () => {
		const report = path.join(dir, 'report.json');
		const target = `postgresql://mode_cert:url%20secret%201@localhost:${pg.port}/defaultdb?sslmode=verify-full&sslrootcert=${pg.caCert}${files('locked')}&sslpassword=key%20phrase`;
		const run = await doctor(target, {PGPASSWORD: 'env secret 2'}, ['--report', report]);
		const written = readFileSync(report, 'utf8');
		for (const text of [run.out, written]) {
			for (const secret of ['url secret 1', 'url%20secret%201', 'key phrase', 'key%20phrase', 'env secret 2']) expect(text).not.toContain(secret);
		}

		expect(run.out).toContain('password from the URL');
	});
});
