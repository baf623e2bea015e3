/**
The wizard's certificate stage end to end, scripted: it makes a CA, node and client certificates, "starts"
a local node (the cockroach stand-in records the command and serves a real PostgreSQL with the node
certificate), logs in over mutual TLS with the client certificate, and hands off to `cockroach sql`.
*/
import {execFileSync} from 'node:child_process';
import {chmodSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {build} from 'esbuild';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {parseConnectionUrl} from '../../src/core/connection-url.js';
import {runCli} from '../helpers/cli.js';
import {freePort, stopPgServer, type PgServerInfo} from '../helpers/pg-server.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'crdb-wizard-certs-'));
const record = path.join(root, 'calls.jsonl');
const certs = path.join(root, 'certs');
const caKey = path.join(root, 'safe', 'ca.key');
let server: PgServerInfo | undefined;
type Call = {argv?: string[]; env?: {COCKROACH_URL: string | null}; server?: PgServerInfo};
const calls = (): Call[] => readFileSync(record, 'utf8').trim().split('\n').map(l => JSON.parse(l) as Call);

beforeAll(async () => {
	await build({entryPoints: ['test/helpers/standin-cockroach.ts'], outfile: path.join(root, 'standin.mjs'), bundle: true, platform: 'node', format: 'esm', logLevel: 'warning'});
	writeFileSync(path.join(root, 'cockroach'), `#!/bin/sh\nexec "${process.execPath}" "${root}/standin.mjs" "${record}" "$@"\n`);
	chmodSync(path.join(root, 'cockroach'), 0o755);
});

afterAll(() => {
	if (server) stopPgServer(server);
});

describe('--auth generate --start-local', () => {
	it('makes certificates, starts the node, logs in with the client certificate and hands off', async () => {
		const port = await freePort();
		const result = await runCli(['--host', 'localhost', '--port', String(port), '--user', 'app_user', '--auth', 'generate', '--certs-dir', certs, '--ca-key', caKey, '--start-local', '--yes'], {
			env: {HOME: root, PATH: `${root}:/usr/bin:/bin`},
		});
		server = calls().find(c => c.server)?.server;
		expect(result.stderr).toContain(`✔ Make certificates in ${certs}: made ca.key, ca.crt, node.crt, node.key, client.app_user.crt, client.app_user.key`);
		expect(result.stderr).toMatch(/ Node +\| node\.crt +\| node\.key +\| \d{4}\/\d\d\/\d\d \| addresses: localhost,127\.0\.0\.1/);
		expect(result.stderr).toContain('✔ Log in as app_user and run SELECT version(): PostgreSQL 15');
		expect(result.code).toBe(0);

		const [start, , sql] = calls();
		expect(start!.argv).toEqual(['start-single-node', `--certs-dir=${certs}`, `--listen-addr=localhost:${port}`, '--http-addr=localhost:8080', `--store=${root}/cockroach-data`, '--background']);
		expect(sql!.argv).toEqual(['sql']);
		const url = sql!.env!.COCKROACH_URL!;
		const parsed = parseConnectionUrl(url);
		expect(parsed.ok && parsed.parts).toEqual({host: 'localhost', port, user: 'app_user', database: 'defaultdb', sslmode: 'verify-full', sslrootcert: `${certs}/ca.crt`, sslcert: `${certs}/client.app_user.crt`, sslkey: `${certs}/client.app_user.key`});
		// The URL handed to cockroach works for libpq too, over mutual TLS with only the generated files.
		const user = execFileSync('psql', ['-X', '-At', '-c', 'select current_user', url], {encoding: 'utf8', env: {...process.env, PGPASSWORD: ''}});
		expect(user.trim()).toBe('app_user');
	}, 60_000);
});
