/**
Proof that the certificates work: a real PostgreSQL 15 server serves node.crt/node.key with ca.crt, and
accepts only client certificates (`hostssl … cert clientcert=verify-full`); psql and the node pg driver log
in with verify-full using nothing but the files `cert` wrote.
*/
import {execFileSync} from 'node:child_process';
import {copyFileSync, mkdirSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {checkConnection} from '../helpers/login.js';
import {buildConnectionUrl} from '../../src/core/connection-url.js';
import type {ConnectionSetup} from '../../src/core/setup.js';
import {cert, workspace} from '../helpers/cert-cli.js';
import {adminSql, startPgServer, stopPgServer, type PgServerInfo} from '../helpers/pg-server.js';

const ws = workspace();
let server: PgServerInfo;
let wrongHost: PgServerInfo;

function setupAs(user: string, files: string, port: number): ConnectionSetup {
	return {host: 'localhost', port, user, database: 'defaultdb', sslmode: 'verify-full', sslrootcert: path.join(ws.certs, 'ca.crt'), sslcert: path.join(ws.certs, `client.${files}.crt`), sslkey: path.join(ws.certs, `client.${files}.key`)};
}

function psql(setup: ConnectionSetup): string {
	return execFileSync('psql', ['-X', '-At', '-c', 'select current_user', buildConnectionUrl(setup)], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: {...process.env, PGPASSWORD: ''}}).trim();
}

beforeAll(async () => {
	for (const argv of [['create-ca'], ['create-node', 'localhost', '127.0.0.1'], ['create-client', 'app_user'], ['create-client', 'other_user']]) {
		const run = await cert([...argv, ...ws.flags]);
		expect(run.code, run.err).toBe(0);
	}

	server = await startPgServer({tls: {cert: path.join(ws.certs, 'node.crt'), key: path.join(ws.certs, 'node.key'), ca: path.join(ws.certs, 'ca.crt')}});
	adminSql(server, 'CREATE ROLE app_user LOGIN IN ROLE certusers; CREATE ROLE other_user LOGIN IN ROLE certusers');

	// A node certificate from the same CA that does not name localhost or 127.0.0.1.
	const elsewhere = path.join(ws.root, 'elsewhere');
	mkdirSync(elsewhere);
	copyFileSync(path.join(ws.certs, 'ca.crt'), path.join(elsewhere, 'ca.crt'));
	expect((await cert(['create-node', 'db.example.internal', '--certs-dir', elsewhere, '--ca-key', ws.caKey])).code).toBe(0);
	wrongHost = await startPgServer({tls: {cert: path.join(elsewhere, 'node.crt'), key: path.join(elsewhere, 'node.key'), ca: path.join(elsewhere, 'ca.crt')}});
	adminSql(wrongHost, 'CREATE ROLE app_user LOGIN IN ROLE certusers');
}, 90_000);

afterAll(() => {
	if (server) stopPgServer(server);
	if (wrongHost) stopPgServer(wrongHost);
});

describe('certificates made by `cert` against a real mutual-TLS server', () => {
	it('psql logs in as the client user with verify-full', () => {
		expect(psql(setupAs('app_user', 'app_user', server.port))).toBe('app_user');
	});

	it('the node pg driver logs in as the client user with verify-full', async () => {
		await expect(checkConnection(setupAs('app_user', 'app_user', server.port))).resolves.toMatchObject({serverVersion: expect.stringMatching(/^PostgreSQL 15/)});
	});

	it('a client certificate for another user is rejected', async () => {
		expect(() => psql(setupAs('app_user', 'other_user', server.port))).toThrow(/certificate authentication failed for user "app_user"/);
		await expect(checkConnection(setupAs('app_user', 'other_user', server.port))).rejects.toThrow(/certificate authentication failed for user "app_user"/);
	});

	it('a node certificate without the host in its SANs fails verify-full', async () => {
		expect(() => psql(setupAs('app_user', 'app_user', wrongHost.port))).toThrow(/server certificate for "localhost" does not match host name "localhost"|does not match host name/);
		await expect(checkConnection(setupAs('app_user', 'app_user', wrongHost.port))).rejects.toThrow('the server\'s certificate is not valid for the name "localhost"');
	});
});
