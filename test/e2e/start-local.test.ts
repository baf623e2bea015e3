/**
--start-local on a machine without cockroach, in a real terminal: the wizard says cockroach is not installed,
prints the command that installs it, and offers Retry; a cockroach put on PATH meanwhile (the stand-in, which
records its argv and starts a real PostgreSQL with the generated node certificate) is found by the retry, and
the run goes on to a login over mutual TLS and the hand-off to `cockroach sql`.
*/
import {chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {build} from 'esbuild';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {parseConnectionUrl} from '../../src/core/connection-url.js';
import {BIN} from '../helpers/cli.js';
import {freePort, stopPgServer, type PgServerInfo} from '../helpers/pg-server.js';
import {spawnPty, type PtySession} from '../helpers/pty.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'crdb-start-local-'));
/** On PATH from the start, empty until the test installs the stand-in. */
const bin = path.join(root, 'bin');
const record = path.join(root, 'calls.jsonl');
const certs = path.join(root, 'certs');
let server: PgServerInfo | undefined;
let session: PtySession | undefined;
type Call = {argv?: string[]; env?: {COCKROACH_URL: string | null}; server?: PgServerInfo};
const calls = (): Call[] => (existsSync(record) ? readFileSync(record, 'utf8').trim().split('\n').map(l => JSON.parse(l) as Call) : []);

beforeAll(async () => {
	mkdirSync(bin);
	await build({entryPoints: ['test/helpers/standin-cockroach.ts'], outfile: path.join(root, 'standin.mjs'), bundle: true, platform: 'node', format: 'esm', logLevel: 'warning'});
});

afterEach(() => session?.kill());
afterAll(() => {
	if (server) stopPgServer(server);
});

describe('--start-local without cockroach', () => {
	it('says cockroach is not installed, prints the install command, and Retry finds one installed meanwhile', async () => {
		const port = await freePort();
		const args = ['--host', 'localhost', '--port', String(port), '--user', 'app_user', '--auth', 'generate', '--certs-dir', certs, '--ca-key', path.join(root, 'safe', 'ca.key'), '--node-hosts', 'localhost,127.0.0.1', '--start-local', '--database', 'defaultdb', '--sslmode', 'verify-full', '--ca-cert', path.join(certs, 'ca.crt')];
		const s = (session = spawnPty('/bin/bash', ['--norc', '--noprofile', '-c', `${process.execPath} ${BIN} ${args.join(' ')}; echo "EXIT=$?"`], {env: {HOME: root, PATH: `${bin}:/usr/bin:/bin`}}));
		const failed = await s.waitForScreen('❯ Retry', 30_000);
		expect(failed).toContain(`✖ Start cockroach start-single-node on localhost:${port}`);
		expect(failed).toContain('cockroach is not installed (not found on PATH), so no local node can be started. Install it:');
		// The install command from CockroachDB's Linux install page (the screen wraps it: compare without the breaks).
		const install = 'curl https://binaries.cockroachdb.com/cockroach-latest.linux-amd64.tgz | tar -xz && sudo cp -i cockroach-latest.linux-amd64/cockroach /usr/local/bin/';
		expect(failed.replace(/\s+/g, '')).toContain(install.replace(/\s+/g, ''));
		expect(failed).toContain('then Retry (or run crdb-connect again)');
		expect(failed).not.toContain('First argument must be');
		expect(calls()).toEqual([]);

		// Installed while the wizard waits: Retry looks for it again.
		writeFileSync(path.join(bin, 'cockroach'), `#!/bin/sh\nexec "${process.execPath}" "${root}/standin.mjs" "${record}" "$@"\n`);
		chmodSync(path.join(bin, 'cockroach'), 0o755);
		s.write('\r');
		await s.waitForScreen(`✔ Start cockroach start-single-node on localhost:${port} · running`, 30_000);
		server = calls().find(c => c.server)?.server;
		await s.waitForScreen('? How will you connect?', 20_000);
		s.write('\r');
		await s.waitForScreen('EXIT=0', 30_000);
		expect(s.screen()).toContain('✔ Log in as app_user and run SELECT version() · PostgreSQL 15');

		const [start, , sql] = calls();
		expect(start!.argv).toEqual(['start-single-node', `--certs-dir=${certs}`, `--listen-addr=localhost:${port}`, '--http-addr=localhost:8080', `--store=${root}/cockroach-data`, '--background']);
		expect(sql!.argv).toEqual(['sql']);
		const parsed = parseConnectionUrl(sql!.env!.COCKROACH_URL!);
		expect(parsed.ok && parsed.parts).toMatchObject({host: 'localhost', port, user: 'app_user', sslmode: 'verify-full', sslcert: path.join(certs, 'client.app_user.crt'), sslkey: path.join(certs, 'client.app_user.key')});
	}, 90_000);
});
