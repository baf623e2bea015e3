/**
The flags no other suite runs through the real binary: client-certificate logins (--client-cert/--client-key
against the test PostgreSQL's certificate auth), --node-hosts (the names in the node certificate --auth
generate makes, read back with Node's own X.509 parser), and the short forms -y, -h and -v.
*/
import {copyFileSync, mkdirSync, mkdtempSync, readFileSync} from 'node:fs';
import {X509Certificate} from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, inject, it} from 'vitest';
import {cert} from '../helpers/cert-cli.js';
import {runCli} from '../helpers/cli.js';
import {adminSql} from '../helpers/pg-server.js';

const pg = inject('pg');
const RUN = `${process.pid}_${Date.now().toString(36)}`;
const dir = () => mkdtempSync(path.join(os.tmpdir(), 'crdb-flagcov-'));

describe('flags through the real binary', () => {
	it('--client-cert and --client-key: logs in with the certificate, and the URL names both files', async () => {
		const user = `cov_cert_${RUN}`;
		adminSql(pg, `CREATE ROLE ${user} LOGIN IN ROLE certusers`);
		const home = dir();
		const certs = path.join(home, 'certs');
		mkdirSync(certs);
		copyFileSync(pg.caCert, path.join(certs, 'ca.crt'));
		const made = await cert(['create-client', user, '--certs-dir', certs, '--ca-key', pg.caKey, '--lifetime=24h']);
		expect(made.code, made.err).toBe(0);
		const crt = path.join(certs, `client.${user}.crt`);
		const key = path.join(certs, `client.${user}.key`);
		const result = await runCli(['--host', 'localhost', '--port', String(pg.port), '--user', user, '--client-cert', crt, '--client-key', key, '--ca-cert', pg.caCert, '--yes', '--no-launch'], {env: {HOME: home}});
		expect(result.stderr).toContain(`✔ Log in as ${user} and run SELECT version(): PostgreSQL 15`);
		expect(result.code).toBe(0);
		expect(result.stdout).toBe(`postgresql://${user}@localhost:${pg.port}/defaultdb?sslmode=verify-full&sslrootcert=${pg.caCert}&sslcert=${crt}&sslkey=${key}\n`);
	});

	it('--node-hosts: the node certificate --auth generate makes names exactly those hosts', async () => {
		const home = dir();
		const certs = path.join(home, 'certs');
		const caKey = path.join(home, 'safe', 'ca.key');
		// The test server is reachable but does not trust the new CA: the login fails after the certificates are made.
		const result = await runCli(['--host', 'localhost', '--port', String(pg.port), '--user', `cov_gen_${RUN}`, '--auth', 'generate', '--certs-dir', certs, '--ca-key', caKey, '--node-hosts', 'db.internal,10.0.0.5', '--yes', '--no-launch'], {env: {HOME: home}});
		expect(result.stderr).toMatch(/✔ .*certificates/i);
		const node = new X509Certificate(readFileSync(path.join(certs, 'node.crt')));
		expect(node.subjectAltName).toBe('DNS:db.internal, IP Address:10.0.0.5');
	});

	it('-y takes the defaults like --yes; -h prints the help; -v the version', async () => {
		const none = await runCli(['--host', 'localhost', '--port', '1', '--user', 'u', '--no-launch'], {env: {HOME: dir()}});
		const short = await runCli(['--host', 'localhost', '--port', '1', '--user', 'u', '-y', '--no-launch'], {env: {HOME: dir()}});
		const long = await runCli(['--host', 'localhost', '--port', '1', '--user', 'u', '--yes', '--no-launch'], {env: {HOME: dir()}});
		// Without it, every answer with a default is missing; with either form only the password is.
		expect(none.stderr).toContain('missing answers and no terminal to ask them on: --auth, --password-env, --sslmode, --ca-cert, --database, --format.');
		expect(short.stderr).toContain('missing answers and no terminal to ask them on: --password-env, --ca-cert.');
		expect(short.stderr).toBe(long.stderr);
		const help = await runCli(['-h']);
		expect(help.code).toBe(0);
		expect(help.stdout).toBe((await runCli(['--help'])).stdout);
		expect(help.stdout).toContain('  --password-file <file>');
		const version = await runCli(['-v']);
		expect(version.stdout).toMatch(/^\d+\.\d+\.\d+/);
	});
});
