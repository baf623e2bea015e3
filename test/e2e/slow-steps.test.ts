/**
Steps that log in to a self-hosted cluster besides the login check — listing the databases and creating the
SQL user — say they are waiting once a wait passes a second, through the real binary, against a TCP server
that accepts connections and never answers (as a stuck load balancer does): in the Ink wizard in a real
terminal, and line by line in a scripted run. Both give up at the login's deadline.
*/
import {mkdtempSync} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, inject, it} from 'vitest';
import {BIN, runCli} from '../helpers/cli.js';
import {spawnPty, type PtySession} from '../helpers/pty.js';

const pg = inject('pg');
const sockets: net.Socket[] = [];
const silent = net.createServer(socket => sockets.push(socket));
let port = 0;
let session: PtySession | undefined;
const home = () => mkdtempSync(path.join(os.tmpdir(), 'crdb-slow-'));

beforeAll(async () => {
	await new Promise<void>(resolve => silent.listen(0, '127.0.0.1', resolve));
	port = (silent.address() as net.AddressInfo).port;
});

afterEach(() => session?.kill());

afterAll(() => {
	for (const socket of sockets) socket.destroy();
	silent.close();
});

describe('slow logins outside the login check are shown', () => {
	it('Ink: the database list says it is waiting for the server', async () => {
		const env = {HOME: home(), PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`, PW: 'a long enough password'};
		const flags = `--host localhost --port ${port} --user alice --auth password --password-env PW --ca-cert ${pg.caCert}`;
		const s = (session = spawnPty('/bin/bash', ['--norc', '--noprofile', '-c', `${process.execPath} ${BIN} ${flags}; echo "EXIT=$?"`], {env, cols: 160}));
		const before = sockets.length;
		// "e" on the review screen asks each question; the database question lists the server's databases.
		await s.waitForScreen('❯ Accept the plan', 20_000);
		await s.waitForRawMode();
		for (let attempt = 0; ; attempt++) {
			s.write('e');
			try {
				await s.waitForScreen('? TLS mode', 2000);
				break;
			} catch (error) {
				if (attempt >= 4) throw error;
			}
		}

		s.write('\r');
		const waiting = await s.waitForScreen(new RegExp(`List the databases: waiting for localhost:${port}, \\d+ s so far \\(logging in gives up after 5 s, each statement after 10 s\\)`), 20_000);
		expect(waiting).toContain('TLS mode (sslmode) · verify-full');
		expect(sockets.length).toBeGreaterThan(before);
		// Then it gives up at the login's deadline, the wait line goes, and the database is asked by name.
		const gaveUp = await s.waitForScreen(/\? Database: defaultdb/, 20_000);
		expect(gaveUp).toContain(`could not list them (no answer from localhost:${port} within 5 s`);
		expect(gaveUp).not.toMatch(/List the databases: waiting for/);
	}, 60_000);

	it('scripted: creating the SQL user (as a password admin) says it is waiting, then gives up', async () => {
		const before = sockets.length;
		const result = await runCli(['--host', '127.0.0.1', '--port', String(port), '--user', 'new_user', '--create-user', '--password-env', 'XPW', '--admin-user', 'admin', '--admin-password-env', 'APW', '--sslmode', 'disable', '--database', 'defaultdb', '--yes', '--no-launch'], {env: {HOME: home(), XPW: 'abcdefghijkl-new', APW: 'abcdefghijkl-admin'}});
		expect(result.code).not.toBe(0);
		expect(sockets.length).toBeGreaterThan(before);
		expect(result.stderr).toMatch(new RegExp(`… Create SQL user new_user: waiting for 127\\.0\\.0\\.1:${port}, 1 s so far \\(logging in gives up after 5 s, each statement after 10 s\\)`));
		expect(result.stderr.indexOf('waiting for')).toBeLessThan(result.stderr.indexOf('✖'));
	}, 60_000);
});
