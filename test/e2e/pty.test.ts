/**
The built bundle in a real terminal: typed through the wizard into a real psql against the real server,
and Ctrl-C mid-wizard leaving the terminal as it found it.
*/
import {mkdtempSync, readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, inject, it, vi} from 'vitest';
import {BIN} from '../helpers/cli.js';
import {createPasswordUser} from '../helpers/pg-server.js';
import {spawnPty, type PtySession} from '../helpers/pty.js';

const pg = inject('pg');
const PASSWORD = 'p@ss:w/rd!#%+ ?&=';
const USER = 'e2e_pty';
createPasswordUser(pg, USER, PASSWORD);
const home = mkdtempSync(path.join(os.tmpdir(), 'crdb-home-'));
// psql but no cockroach on PATH; HOME without certificates, so no CA default is suggested.
const env = {HOME: home, PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`};
let session: PtySession | undefined;

afterEach(() => session?.kill());

/** Keys pressed by answer() since the last reset (Enter here; typed text is counted apart, as the journey targets count it). */
let keys = 0;

/** Wait for a prompt (and raw mode), type the answer, wait for its echo (stars for a password), then press Enter. */
async function answer(s: PtySession, prompt: string | RegExp, text = '', masked = false) {
	await s.waitForScreen(prompt);
	await s.waitForRawMode();
	if (text) {
		s.write(text);
		// A long answer wraps at the screen's edge: look for its echo with the line breaks taken out.
		const echo = masked ? '*'.repeat(text.length) : text;
		await vi.waitFor(() => expect(s.screen().replace(/\n/g, '')).toContain(echo), {timeout: 10_000, interval: 25});
	}

	s.write('\r');
	keys++;
}

describe('crdb-connect in a real terminal', () => {
	it('walks the wizard on screen and ends in psql on the real server', async () => {
		const s = (session = spawnPty('/bin/bash', ['--norc', '--noprofile', '-c', `${process.execPath} ${BIN} --save-profile ${path.join(home, 'walk-profile.json')}; echo "EXIT=$?"`], {env}));
		await s.waitForScreen('Step 1 of 4 · Authorize network');
		keys = 0;
		await answer(s, '❯ I have a host');
		await answer(s, '? Host name or IP address of a node or load balancer: localhost');
		await answer(s, '? SQL port: 26257', String(pg.port));
		await s.waitForScreen('Step 2 of 4 · Create SQL user');
		await answer(s, '? SQL user name:', USER);
		await answer(s, '❯ Password');
		await answer(s, '? Password for the SQL user:', PASSWORD, true);
		await s.waitForScreen('Step 3 of 4 · Choose connection method');
		expect(s.screen()).not.toContain(PASSWORD);
		// One review screen for the database, the TLS mode and what happens then: Enter accepts it.
		await s.waitForScreen('? The rest of the connection: accept it, or edit each choice');
		expect(s.screen()).toContain('  Database  defaultdb (another: edit each choice)\n  TLS       verify-full: you name the CA certificate that checks the server next\n  Then      check the login and open a SQL shell here');
		await answer(s, '❯ Accept the plan');
		await answer(s, '? CA certificate file', pg.caCert);
		// No database, TLS mode or "how will you connect?" questions, no "open it now?" and no "save a profile?".
		await s.waitForScreen('Step 4 of 4 · Connect');
		// The self-hosted password path: 8 keys (Enter each time) plus the typed port, user, password and CA path.
		expect(keys).toBe(8);
		for (const prompt of ['? Database', '? TLS mode', '? How will you connect?']) expect(s.screen()).not.toContain(prompt);
		await s.waitForScreen(`✔ Reach localhost:${pg.port} over TCP · reached`);
		await s.waitForScreen('✔ Ready to connect');
		await s.waitForScreen(/defaultdb=>\s*$/m);
		s.write('select 1;\r');
		await s.waitForScreen(/\?column\?\s*\n-+\s*\n\s+1\s*\n\(1 row\)/);
		s.write('\\q\r');
		await s.waitForScreen('EXIT=0');
		expect(s.raw()).not.toContain(PASSWORD);
		// --save-profile saved a profile, without the password.
		const saved = readFileSync(path.join(home, 'walk-profile.json'), 'utf8');
		expect(JSON.parse(saved)).toMatchObject({kind: 'crdb-connect-profile', answers: {user: USER, port: pg.port, caCert: pg.caCert}});
		expect(saved).not.toContain(PASSWORD);
	});

	it('walks the plain (--plain) front-end line by line and ends in psql on the real server', async () => {
		const s = (session = spawnPty('/bin/bash', ['--norc', '--noprofile', '-c', `${process.execPath} ${BIN} --plain; echo "EXIT=$?"`], {env}));
		await s.waitForScreen('Step 1 of 4 · Authorize network');
		await answer(s, '? How do you reach the cluster?');
		await answer(s, '? Host name or IP address');
		await answer(s, '? SQL port', String(pg.port));
		await s.waitForScreen(`✔ Reach localhost:${pg.port} over TCP`);
		await answer(s, '? SQL user name', USER);
		await answer(s, '? How does this user log in?');
		await answer(s, '? Password for the SQL user', PASSWORD, true);
		// The review screen answers the database, TLS mode and output questions.
		await answer(s, '? The rest of the connection: accept it, or edit each choice');
		await answer(s, '? CA certificate file', pg.caCert);
		// The shell opens on the connection the plain prompts assembled, and logs in for real.
		await s.waitForScreen(/defaultdb=>\s*$/m, 20_000);
		expect(s.screen()).toMatch(/✔ Log in as e2e_pty .*PostgreSQL 15/);
		expect(s.screen().replace(/\n/g, '')).toContain(`postgresql://${USER}@localhost:${pg.port}/defaultdb?sslmode=verify-full&sslrootcert=${pg.caCert}`);
		s.write('select 1;\r');
		await s.waitForScreen(/\?column\?\s*\n-+\s*\n\s+1\s*\n\(1 row\)/);
		s.write('\\q\r');
		await s.waitForScreen('EXIT=0');
		expect(s.raw()).not.toContain(PASSWORD);
	});

	it('--dry-run in the Ink front-end: the summary shows the launch it would make, and nothing opens', async () => {
		const args = ['--host', 'localhost', '--port', String(pg.port), '--user', USER, '--auth', 'password', '--password-env', 'PW', '--database', 'defaultdb', '--sslmode', 'verify-full', '--ca-cert', pg.caCert, '--dry-run'];
		const s = (session = spawnPty('/bin/bash', ['--norc', '--noprofile', '-c', `${process.execPath} ${BIN} ${args.join(' ')}; echo "EXIT=$?"`], {env: {...env, PW: PASSWORD}}));
		// The only question left is how to connect: Enter takes the shell.
		await answer(s, '? How will you connect?');
		const screen = (await s.waitForScreen('EXIT=0', 20_000)).replace(/\n/g, '');
		const launch = `PGPASSWORD='****' /usr/bin/psql 'postgresql://${USER}@localhost:${pg.port}/defaultdb?sslmode=verify-full&sslrootcert=${pg.caCert}'`;
		expect(screen).toContain('Dry run: psql is not opened. It would run:');
		expect(screen.indexOf(launch)).toBeGreaterThan(screen.indexOf('✔ Ready to connect'));
		expect(screen).not.toContain('Opening');
		expect(screen).not.toMatch(/defaultdb=>/);
		expect(s.raw()).not.toContain(PASSWORD);
	});

	it('Ctrl-C mid-wizard exits 130 and leaves the terminal restored', async () => {
		const s = (session = spawnPty('/bin/bash', ['--norc', '--noprofile', '-c', `${process.execPath} ${BIN}; code=$?; stty -a; echo "EXIT=$code"`], {env}));
		await answer(s, '❯ I have a host');
		await s.waitForScreen('? Host name');
		await s.waitForRawMode();
		s.write('half-typ');
		await s.waitForScreen('half-typ');
		s.write('\u0003');
		const screen = await s.waitForScreen('EXIT=130');
		expect(screen).toContain('Cancelled: nothing was changed.');
		// The question stays as it was left, without its key hints above the summary.
		expect(screen).toMatch(/\? Host name or IP address[^\n]*half-typ\s*\nCancelled: nothing was changed\./);
		expect(screen).not.toContain('Ctrl-C quit');
		// Raw mode is off again: line editing and echo are back.
		expect(screen).toMatch(/(^|\s)icanon(\s|$)/m);
		expect(screen).toMatch(/(^|\s)echo(\s|$)/m);
		expect(screen).not.toMatch(/(^|\s)-icanon(\s|$)/m);
		// The cursor Ink hid is shown again.
		const raw = s.raw();
		expect(raw.lastIndexOf('\u001B[?25h')).toBeGreaterThan(raw.lastIndexOf('\u001B[?25l'));
	});

	it('prints no colour with NO_COLOR, and colour without it', async () => {
		// eslint-disable-next-line no-control-regex -- an SGR colour escape is exactly what this test looks for
		const colour = /\u001B\[(3[0-7]|9[0-7])m/;
		const plain = (session = spawnPty(process.execPath, [BIN], {env: {...env, NO_COLOR: '1', FORCE_COLOR: undefined}}));
		await plain.waitForScreen('? How do you reach the cluster?');
		expect(plain.raw()).not.toMatch(colour);
		plain.kill();
		const coloured = (session = spawnPty(process.execPath, [BIN], {env: {...env, FORCE_COLOR: undefined}}));
		await coloured.waitForScreen('? How do you reach the cluster?');
		expect(coloured.raw()).toMatch(colour);
	});
});
