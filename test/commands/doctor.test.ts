/**
`doctor` against real servers: each failure mode people hit (user-pain.md §1) reproduced on loopback and
diagnosed with its cause and fix. The only stand-in is the DNS resolver for the unresolvable-name case
(there is no DNS server to ask here); it records the names it was asked.
*/
import {spawn, type ChildProcess} from 'node:child_process';
import {chmodSync, copyFileSync, mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest';
import {runDoctorCommand} from '../../src/commands/doctor.js';
import type {DoctorOptions} from '../../src/doctor/checks.js';
import {cert} from '../helpers/cert-cli.js';
import {writeServerCert} from '../helpers/fixture-certs.js';
import {adminSql, createPasswordUser, freePort, startPgServer, stopPgServer, type PgServerInfo} from '../helpers/pg-server.js';

const pg = inject('pg');
const PASSWORD = 'doctor pw #1!';
createPasswordUser(pg, 'doc_user', PASSWORD);
adminSql(pg, 'CREATE ROLE doc_cert LOGIN IN ROLE certusers; CREATE ROLE doc_other LOGIN IN ROLE certusers');
const dir = mkdtempSync(path.join(os.tmpdir(), 'crdb-doctor-'));
const extra: PgServerInfo[] = [];
let expired: PgServerInfo;
let future: PgServerInfo;
let insecure: PgServerInfo;
let consoleServer: http.Server;
let consolePort: number;
let blackhole: ChildProcess;
let blackholePort: number;
const asked: string[] = [];

/** Resolves the names a test uses to loopback, fails every other name; records what it was asked. */
const resolve: DoctorOptions['resolve'] = async host => {
	asked.push(host);
	if (host === 'localhost' || host === 'db.internal') return ['127.0.0.1'];
	throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), {code: 'ENOTFOUND'});
};

async function doctor(url: string, env: NodeJS.ProcessEnv = {}, extraArgs: string[] = [], timeout = '2s') {
	let out = '';
	let err = '';
	const args = url.includes(':') && !url.startsWith('--') ? [url] : [];
	const code = await runDoctorCommand([...args, ...extraArgs, '--timeout', timeout, '--json'], {...env}, {out: t => (out += t), err: t => (err += t)}, {resolve});
	const report = out ? (JSON.parse(out) as {ok: boolean; checks: Array<{id: string; status: string; detail: string; notes?: string[]}>}) : undefined;
	const failed = report?.checks.find(c => c.status === 'fail');
	return {code, err, report, failed};
}

const url = (o: {host?: string; port?: number; user?: string; db?: string; mode?: string; ca?: string | null; extra?: string} = {}) =>
	`postgresql://${o.user ?? 'doc_user'}@${o.host ?? 'localhost'}:${o.port ?? pg.port}/${o.db ?? 'defaultdb'}?sslmode=${o.mode ?? 'verify-full'}${o.ca === null ? '' : `&sslrootcert=${o.ca ?? pg.caCert}`}${o.extra ?? ''}`;
const pw = {PW: PASSWORD};
const withPw = ['--password-env', 'PW'];

beforeAll(async () => {
	const ca = {cert: pg.caCert, key: pg.caKey};
	const day = 86_400_000;
	const old = writeServerCert(dir, 'expired', ca, {hosts: ['localhost', '127.0.0.1'], notBefore: new Date(Date.now() - 10 * day), notAfter: new Date(Date.now() - day)});
	const later = writeServerCert(dir, 'future', ca, {hosts: ['localhost', '127.0.0.1'], notBefore: new Date(Date.now() + day), notAfter: new Date(Date.now() + 10 * day)});
	expired = await startPgServer({tls: {...old, ca: pg.caCert}});
	future = await startPgServer({tls: {...later, ca: pg.caCert}});
	insecure = await startPgServer({insecure: true});
	extra.push(expired, future, insecure);
	for (const server of extra) createPasswordUser(server, 'doc_user', PASSWORD);
	consoleServer = http.createServer((_req, res) => res.end('DB Console'));
	await new Promise<void>(r => consoleServer.listen(0, '127.0.0.1', r));
	consolePort = (consoleServer.address() as {port: number}).port;
	// A listener that never accepts, with its one-slot queue filled: further connections time out.
	blackhole = spawn('python3', ['-c', 'import socket,sys,time\ns=socket.socket();s.bind(("127.0.0.1",0));s.listen(0)\nc=socket.socket();c.connect(s.getsockname())\nprint(s.getsockname()[1],flush=True)\ntime.sleep(120)']);
	blackholePort = await new Promise<number>(r => blackhole.stdout!.once('data', d => r(Number(String(d).trim()))));
	// Client certificates signed by the test server's CA, made with our own `cert` command.
	const certs = path.join(dir, 'certs');
	const caKey = path.join(dir, 'ca.key');
	copyFileSync(pg.caKey, caKey);
	chmodSync(caKey, 0o600);
	mkdirSync(certs);
	copyFileSync(pg.caCert, path.join(certs, 'ca.crt'));
	for (const user of ['doc_cert', 'doc_other']) {
		// The test CA lives three days; a leaf may not outlive it.
		const made = await cert(['create-client', user, '--lifetime', '24h', '--certs-dir', certs, '--ca-key', caKey]);
		expect(made.code, made.err).toBe(0);
	}
	copyFileSync(path.join(certs, 'client.doc_cert.key'), path.join(dir, 'loose.key'));
	chmodSync(path.join(dir, 'loose.key'), 0o644);
}, 90_000);

afterAll(() => {
	for (const server of extra) stopPgServer(server);
	consoleServer?.close();
	blackhole?.kill();
});

const certs = () => path.join(dir, 'certs');
const clientCert = (user: string, key = path.join(certs(), `client.${user}.key`)) => `&sslcert=${certs()}/client.${user}.crt&sslkey=${key}`;

describe('doctor on a healthy server', () => {
	it('passes every stage with a password', async () => {
		const run = await doctor(url(), pw, withPw);
		expect(run.code).toBe(0);
		expect(run.report!.checks.map(c => `${c.id}:${c.status}`)).toEqual(['parse:pass', 'files:pass', 'dns:pass', 'tcp:pass', 'tls:pass', 'login:pass', 'query:pass', 'database:pass']);
		expect(run.report!.checks.find(c => c.id === 'tls')!.notes![0]).toMatch(/^server certificate CN=localhost, issued by O=Test, CN=Test CA, for localhost, 127\.0\.0\.1/);
	});

	it('passes every stage with a client certificate made by `cert`', async () => {
		const run = await doctor(url({user: 'doc_cert', extra: clientCert('doc_cert')}));
		expect(run.failed).toBeUndefined();
		expect(run.report!.checks.find(c => c.id === 'login')!.detail).toBe('logged in as doc_cert with a client certificate');
	});

	it('mode 20: an unencoded # in the password works as libpq reads it, with a warning for Go clients', async () => {
		const withHash = url().replace('doc_user@', 'doc_user:doctor%20pw%20#1!@');
		const run = await doctor('--url-env', {U: withHash}, ['--url-env', 'U']);
		expect(run.failed, JSON.stringify(run.failed)).toBeUndefined();
		expect(run.report!.checks[0]!.notes!.join('\n')).toMatch(/holds a "#": cockroach sql and other Go clients cut the URL there.*%23/);
	});

	it('prints a readable checklist without --json', async () => {
		let out = '';
		const code = await runDoctorCommand([url(), ...withPw], pw, {out: t => (out += t), err: () => {}}, {resolve});
		expect(code).toBe(0);
		expect(out).toMatch(/^Checking postgresql:\/\/doc_user@localhost:\d+\/defaultdb\?sslmode=verify-full/);
		expect(out).toMatch(/✔ TLS handshake +\d+ ms {2}TLSv1\.3/);
		expect(out).toContain('All 8 checks passed.');
	});
});

describe('doctor streams', () => {
	it('writes each stage as it ends, and in a terminal shows the running stage first', async () => {
		const writes: string[] = [];
		const code = await runDoctorCommand([url(), ...withPw], pw, {out: t => writes.push(t), err: () => {}, isTTY: true}, {resolve});
		expect(code).toBe(0);
		expect(writes[0]).toMatch(/^Checking /);
		const running = writes.indexOf('… Log in');
		expect(running).toBeGreaterThan(0);
		const erase = '\r\u001B[K';
		expect(writes[running + 1]!.startsWith(`${erase}✔ Log in`)).toBe(true);
		expect(writes.filter(w => w.startsWith(erase))).toHaveLength(8);
		expect(writes.at(-1)).toMatch(/All 8 checks passed/);
	});
});

describe('doctor names the failure', () => {
	const modes: Array<[string, () => ReturnType<typeof doctor>, string, RegExp]> = [
		['a string that is not a URL', () => doctor('--url-env', {U: 'http://h/db'}, ['--url-env', 'U']), 'parse', /libpq reads only URLs that start with postgresql:\/\/ or postgres:\/\//],
		['an unencoded @ in the password', () => doctor('--url-env', {U: 'postgresql://u:pa@ss@localhost/db'}, ['--url-env', 'U']), 'parse', /the host "ss@localhost" holds an "@": the password has an unencoded @ \(libpq splits at the first one\); write it as %40/],
		['an unencoded / in the password', () => doctor('--url-env', {U: 'postgresql://u:pa/ss@localhost/db'}, ['--url-env', 'U']), 'parse', /the database name holds an "@": the user or password has an unencoded "\/"/],
		['a misspelt parameter', () => doctor(url({extra: '&sslroot=/x'}), pw, withPw), 'parse', /"sslroot" is not a connection parameter: did you mean sslrootcert\?.*\(libpq: invalid URI query parameter: "sslroot"\)/],
		['an unencoded = in options', () => doctor(url({extra: '&options=--cluster=blue-dog-123'}), pw, withPw), 'parse', /options=--cluster%3D<routing-id>.*\(libpq: extra key\/value separator "=" in URI query parameter: "options"\)/],
		['a literal %APPDATA% in a path', () => doctor(url({ca: '%APPDATA%/postgresql/root.crt'}), pw, withPw), 'parse', /^%APPDATA% is Windows cmd syntax and is never expanded/],
		['a placeholder password', () => doctor('--url-env', {U: `postgresql://doc_user:%3CENTER-SQL-USER-PASSWORD%3E@localhost:${pg.port}/defaultdb?sslmode=verify-full`}, ['--url-env', 'U']), 'parse', /placeholder "<ENTER-SQL-USER-PASSWORD>"/],
		['~ left in sslrootcert', () => doctor(url({ca: '~/.postgresql/root.crt'}), pw, withPw), 'parse', /"~" and \$HOME are not expanded inside a connection string; write the absolute path/],
		['a missing CA file', () => doctor(url({ca: path.join(dir, 'nope.crt')}), pw, withPw), 'files', /root certificate file ".*nope\.crt" does not exist: either provide the file/],
		['a client key readable by others', () => doctor(url({user: 'doc_cert', extra: clientCert('doc_cert', path.join(dir, 'loose.key'))})), 'files', /has group or world access \(-rw-r--r--\): run chmod 600/],
		['a client certificate for another user', () => doctor(url({user: 'doc_cert', extra: clientCert('doc_other')})), 'files', /the client certificate is for user "doc_other" but the URL logs in as "doc_cert"/],
		['a host name that does not resolve', () => doctor(url({host: 'no-such-cluster.example'}), pw, withPw), 'dns', /cannot resolve the host name "no-such-cluster\.example"/],
		['a closed port', async () => doctor(url({port: await freePort()}), pw, withPw), 'tcp', /refused the connection: nothing listens there/],
		['a port that drops connections', () => doctor(url({port: blackholePort}), pw, withPw, '1s'), 'tcp', /no answer from localhost:\d+ within 1 s: a firewall drops the traffic/],
		['the DB Console (HTTP) port', () => doctor(url({port: consolePort}), pw, withPw), 'tls', /is not a SQL port: the port answered like an HTTP server\. CockroachDB's SQL port is 26257; 8080 is the DB Console/],
		['the wrong CA', () => doctor(url({ca: '/etc/ssl/certs/ca-certificates.crt'}), pw, withPw), 'tls', /issued by O=Test, CN=Test CA, which the CA file \/etc\/ssl\/certs\/ca-certificates\.crt does not vouch for/],
		['a host name missing from the certificate', () => doctor(url({host: 'db.internal'}), pw, withPw), 'tls', /not valid for "db\.internal" \(it names localhost, 127\.0\.0\.1\)/],
		['an expired server certificate', () => doctor(url({port: expired.port}), pw, withPw), 'tls', /certificate expired on \d{4}-\d\d-\d\d \(or this machine's clock is wrong\)/],
		['a server certificate not valid yet', () => doctor(url({port: future.port}), pw, withPw), 'tls', /not valid until \d{4}-\d\d-\d\d: check this machine's clock/],
		['TLS asked of an insecure server', () => doctor(url({port: insecure.port}), pw, withPw), 'tls', /the server does not use TLS: it is an insecure cluster/],
		['sslmode=disable against a TLS-only server', () => doctor(url({mode: 'disable', ca: null}), pw, withPw), 'login', /the server requires TLS and the connection did not use it\. Fix: sslmode=verify-full/],
		['a wrong password', () => doctor(url(), {PW: 'wrong'}, withPw), 'login', /password authentication failed for user "doc_user"/],
		['an unknown user', () => doctor(url({user: 'nobody_here'}), pw, withPw), 'login', /password authentication failed for user "nobody_here".*either the password is wrong or the user "nobody_here" does not exist/],
		['an unknown database', () => doctor(url({db: 'no_such_db'}), pw, withPw), 'login', /database "no_such_db" does not exist\. Fix: use defaultdb, or create it first/],
	];

	it.each(modes)('%s', async (_name, run, stage, message) => {
		const result = await run();
		expect(result.code).toBe(1);
		expect(result.failed?.id).toBe(stage);
		expect(result.failed?.detail).toMatch(message);
		// Everything after the failure is skipped, nothing before it failed.
		const checks = result.report!.checks;
		const at = checks.findIndex(c => c.status === 'fail');
		expect(checks.slice(at + 1).every(c => c.status === 'skip')).toBe(true);
	});

	it('asked the stand-in resolver only for the names in the URLs', () => {
		expect(new Set(asked)).toEqual(new Set(['localhost', 'no-such-cluster.example', 'db.internal']));
	});

	it('warns, but passes, for a relative CA path and a non-verifying sslmode', async () => {
		const cwd = process.cwd();
		const rel = path.relative(cwd, pg.caCert);
		const run = await doctor(url({mode: 'require', ca: rel}), pw, withPw);
		expect(run.code).toBe(0);
		const parse = run.report!.checks[0]!;
		expect(parse.status).toBe('warn');
		expect(parse.notes!.join('\n')).toMatch(/is relative: each client resolves it from its own working directory/);
	});

	it('refuses a password in argv and bad arguments with exit 2', async () => {
		let err = '';
		expect(await runDoctorCommand([`postgresql://u:secret@h/db`], {}, {out: () => {}, err: t => (err += t)})).toBe(2);
		expect(err).toMatch(/holds a password.*--url-env NAME/);
		expect(await runDoctorCommand([url(), '--timeout', 'soon'], {}, {out: () => {}, err: () => {}})).toBe(2);
	});
});

writeFileSync(path.join(dir, 'README'), 'doctor test fixtures');
