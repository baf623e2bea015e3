/**
A real PostgreSQL 15 server for tests: loopback only, TLS with a server certificate from a test CA made by
the openssl CLI (independent of our own certificate code), no plain-text host lines at all, and SCRAM
password auth. Stands in for CockroachDB's pgwire, which cannot be installed here.
*/
import {execFileSync} from 'node:child_process';
import {chmodSync, copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync, appendFileSync} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** What tests need to reach the server. */
export interface PgServerInfo {
	port: number;
	/** Directory holding the unix socket (admin access as postgres, trust). */
	socketDir: string;
	caCert: string;
	caKey: string;
	dir: string;
}

const PG_BIN = ['/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/17/bin'].find(d => existsSync(d));
const asRoot = process.getuid?.() === 0;
// Absolute, because callers may run with a PATH that leaves out the sbin directories.
const RUNUSER = ['/usr/sbin/runuser', '/sbin/runuser', '/usr/bin/runuser'].find(p => existsSync(p)) ?? 'runuser';

/** Run a PostgreSQL server binary as the postgres user (the server refuses to run as root). */
function pgBin(tool: string, args: string[]): string {
	if (!PG_BIN) throw new Error('PostgreSQL server binaries not found: apt-get install -y postgresql');
	const bin = path.join(PG_BIN, tool);
	return asRoot
		? execFileSync(RUNUSER, ['-u', 'postgres', '--', bin, ...args], {encoding: 'utf8'})
		: execFileSync(bin, args, {encoding: 'utf8'});
}

/** A free loopback TCP port (closed again, so a server can take it). */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const {port} = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

function openssl(args: string[], cwd: string): void {
	execFileSync('openssl', args, {cwd, stdio: 'pipe'});
}

/** Make a CA and a server certificate for localhost and 127.0.0.1 with the openssl CLI. */
function makeCertificates(dir: string): void {
	openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '3', '-subj', '/O=Test/CN=Test CA',
		'-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
	openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost'], dir);
	writeFileSync(path.join(dir, 'server.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
	openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-days', '2', '-extfile', 'server.ext'], dir);
}

/** TLS files to serve instead of the openssl-made ones (copied, so the server can own its key). */
export interface ServerTls {
	cert: string;
	key: string;
	ca: string;
}

/** Start the server; resolves once it accepts connections. */
export async function startPgServer(options: {tls?: ServerTls; port?: number; insecure?: boolean} = {}): Promise<PgServerInfo> {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'crdb-connect-pg-'));
	const tls = path.join(dir, 'tls');
	execFileSync('mkdir', ['-p', tls]);
	if (options.tls) {
		copyFileSync(options.tls.cert, path.join(tls, 'server.crt'));
		copyFileSync(options.tls.key, path.join(tls, 'server.key'));
		copyFileSync(options.tls.ca, path.join(tls, 'ca.crt'));
	} else {
		makeCertificates(tls);
	}

	const data = path.join(dir, 'data');
	if (asRoot) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
	chmodSync(path.join(tls, 'server.key'), 0o600);
	pgBin('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
	const port = options.port ?? (await freePort());
	appendFileSync(path.join(data, 'postgresql.conf'), [
		`listen_addresses = '127.0.0.1'`,
		`port = ${port}`,
		`unix_socket_directories = '${dir}'`,
		`ssl = ${options.insecure ? 'off' : 'on'}`,
		`ssl_cert_file = '${tls}/server.crt'`,
		`ssl_key_file = '${tls}/server.key'`,
		`ssl_ca_file = '${tls}/ca.crt'`,
		`password_encryption = 'scram-sha-256'`,
		`fsync = off`,
		'',
	].join('\n'));
	// TLS only: there is no plain `host` line, so sslmode=disable is refused like a secure cluster refuses it.
	// An insecure server (like `cockroach start --insecure`) takes plain connections with passwords.
	writeFileSync(path.join(data, 'pg_hba.conf'), (options.insecure
		? ['local all postgres trust', 'host all all 127.0.0.1/32 scram-sha-256', '']
		: ['local all postgres trust', 'hostssl all +certusers 127.0.0.1/32 cert clientcert=verify-full', 'hostssl all all 127.0.0.1/32 scram-sha-256', '']
	).join('\n'));
	if (asRoot) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
	pgBin('pg_ctl', ['-D', data, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', 'start']);
	const info: PgServerInfo = {port, socketDir: dir, caCert: path.join(tls, 'ca.crt'), caKey: path.join(tls, 'ca.key'), dir};
	adminSql(info, 'CREATE ROLE certusers NOLOGIN');
	adminSql(info, 'CREATE DATABASE defaultdb');
	return info;
}

/** Stop the server and remove its files. */
export function stopPgServer(info: PgServerInfo): void {
	try {
		pgBin('pg_ctl', ['-D', path.join(info.dir, 'data'), '-m', 'immediate', 'stop']);
	} finally {
		rmSync(info.dir, {recursive: true, force: true});
	}
}

/** Run SQL as the superuser over the unix socket; returns psql's unaligned output. */
export function adminSql(info: PgServerInfo, sql: string, database = 'postgres'): string {
	return execFileSync('psql', ['-X', '-h', info.socketDir, '-p', String(info.port), '-U', 'postgres', '-d', database, '-v', 'ON_ERROR_STOP=1', '-Atc', sql], {encoding: 'utf8'});
}

/** Create a login role with a password (quoted for SQL), and return its name. */
export function createPasswordUser(info: PgServerInfo, name: string, password: string): string {
	adminSql(info, `CREATE ROLE ${name} LOGIN PASSWORD '${password.replace(/'/g, "''")}'`);
	return name;
}
