/**
Databases on a self-hosted cluster, in a real terminal against the real TLS PostgreSQL server: with a working
login the database question lists the server's databases (pg_catalog.pg_database, which CockroachDB serves too)
with "Create a new database…", in Ink and in the plain front-end; the database created from the list (or by
--database NAME --create-database) exists on the server and psql opens on it.
*/
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, inject, it, vi} from 'vitest';
import {BIN} from '../helpers/cli.js';
import {adminSql, createPasswordUser} from '../helpers/pg-server.js';
import {spawnPty, type PtySession} from '../helpers/pty.js';

const pg = inject('pg');
const RUN = `${process.pid}_${Date.now().toString(36)}`;
const PASSWORD = 'database owner password';
const USER = createPasswordUser(pg, `db_owner_${RUN}`, PASSWORD);
adminSql(pg, `ALTER ROLE ${USER} CREATEDB`);
let session: PtySession | undefined;

afterEach(() => session?.kill());

function wizard(args: string): PtySession {
	const env = {HOME: mkdtempSync(path.join(os.tmpdir(), 'crdb-db-pty-')), PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`, PW: PASSWORD};
	const flags = `--host localhost --port ${pg.port} --user ${USER} --auth password --password-env PW --ca-cert ${pg.caCert} ${args}`;
	return (session = spawnPty('/bin/bash', ['--norc', '--noprofile', '-c', `${process.execPath} ${BIN} ${flags}; echo "EXIT=$?"`], {env, cols: 160}));
}

/** Press a key once the screen shows `at`, until it shows `then` (a key sent before the prompt listens is lost under load). */
async function press(s: PtySession, at: string | RegExp, key: string, then: string | RegExp): Promise<void> {
	await s.waitForScreen(at, 20_000);
	await s.waitForRawMode();
	for (let attempt = 0; ; attempt++) {
		s.write(key);
		try {
			await s.waitForScreen(then, 2000);
			return;
		} catch (error) {
			if (attempt >= 4) throw error;
		}
	}
}

const exists = (name: string) => adminSql(pg, `SELECT count(*) FROM pg_database WHERE datname = '${name}'`).trim() === '1';

describe('self-hosted databases, listed with the login', () => {
	it('Ink: lists the server\'s databases, creates one from "Create a new database…", and psql opens on it', async () => {
		const name = `ink_db_${RUN}`;
		const s = wizard('');
		// The review screen names defaultdb; "e" asks each question, the database from the server's list.
		await press(s, '❯ Accept the plan', 'e', '? TLS mode');
		await press(s, '❯ verify-full', '\r', '✔ TLS mode (sslmode) · verify-full');
		await s.waitForScreen(`✔ List the databases on localhost:${pg.port} as ${USER} ·`, 20_000);
		const listed = await s.waitForScreen(/\? Which database\?\n(.*\n)*❯ defaultdb/);
		expect(listed).toContain('  postgres');
		expect(listed).toContain('  Create a new database…');
		// Up from the first row wraps to the last: "Create a new database…".
		await press(s, '❯ defaultdb', '\u001B[A', '❯ Create a new database…');
		await press(s, '❯ Create a new database…', '\r', '? Name of the new database');
		s.write(name);
		await s.waitForScreen(`? Name of the new database: ${name}`);
		s.write('\r');
		await press(s, '❯ Open a SQL shell here', '\r', '✔ How will you connect? · SQL shell');
		await s.waitForScreen(`✔ Create database ${name} (unless it exists) · created`, 20_000);
		await s.waitForScreen(new RegExp(`${name}=>\\s*$`, 'm'), 20_000);
		expect(exists(name)).toBe(true);
		s.write('select current_database();\r');
		await s.waitForScreen(new RegExp(`current_database\\s*\\n-+\\s*\\n\\s+${name}\\s*\\n\\(1 row\\)`));
		s.write('\\q\r');
		const screen = await s.waitForScreen('EXIT=0');
		expect(screen).toContain(`created database ${name} on localhost:${pg.port}`);
	}, 90_000);

	it('plain: the same list line by line; and --database NAME --create-database creates it without a question', async () => {
		const listedName = `plain_list_db_${RUN}`;
		const s = wizard('--plain');
		await press(s, '❯ Accept the plan', '\u001B[B', '❯ Edit each choice');
		await press(s, '❯ Edit each choice', '\r', '? TLS mode');
		await press(s, '? TLS mode', '\r', '✔ TLS mode');
		const listed = await s.waitForScreen(/\? Which database\?\n❯ defaultdb/, 20_000);
		expect(listed).toContain(`✔ List the databases on localhost:${pg.port} as ${USER}`);
		// The list scrolls (seven rows at a time) and wraps: up from the first row, past "← Back", to the last choice.
		await s.waitForRawMode();
		const selected = () => s.viewport().find(line => line.startsWith('❯ '))?.trim() ?? '';
		for (let up = 0; up < 4 && selected() !== '❯ Create a new database…'; up++) {
			const before = selected();
			s.write('\u001B[A');
			await vi.waitFor(() => expect(selected()).not.toBe(before), {timeout: 5000, interval: 25});
		}

		await press(s, '❯ Create a new database…', '\r', '? Name of the new database');
		s.write(`${listedName}\r`);
		await press(s, '? How will you connect?', '\r', `Create database ${listedName}`);
		await s.waitForScreen(new RegExp(`${listedName}=>\\s*$`, 'm'), 20_000);
		expect(exists(listedName)).toBe(true);
		s.write('\\q\r');
		await s.waitForScreen('EXIT=0');

		const name = `plain_db_${RUN}`;
		const created = wizard(`--plain --database ${name} --create-database`);
		// The review screen takes the TLS mode and the shell at once (the database was named).
		await press(created, '? The rest of the connection', '\r', `Create database ${name}`);
		await created.waitForScreen(new RegExp(`${name}=>\\s*$`, 'm'), 20_000);
		expect(created.screen()).toContain(`✔ Create database ${name} (unless it exists): created`);
		expect(created.screen()).not.toContain('? Which database?');
		expect(exists(name)).toBe(true);
		created.write('\\q\r');
		await created.waitForScreen('EXIT=0');
	}, 90_000);
});
