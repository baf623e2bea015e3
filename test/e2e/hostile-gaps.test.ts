/**
Gaps an independent review found after issue 11 (notes/verify.md), each through the real binary against a
stand-in that behaves as the peer does: a hostile pgwire server that asks for a clear-text password and
records it, a server whose error text holds escape sequences, the spec-checking Cloud API server.
*/
import {execFileSync} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {mkdtempSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {startPgwireTrap} from '../helpers/pgwire-trap.js';
import {scanTexts, scanTree} from '../helpers/secret-scan.js';

const RUN = randomBytes(4).toString('hex');
const ENV_PASSWORD = `pgpassword-env-SECRET-${RUN}`;
const FILE_PASSWORD = `pgpass-file-SECRET-${RUN}`;
const tmp = (what: string) => mkdtempSync(path.join(os.tmpdir(), `crdb-gaps-${what}-`));

/** A HOME whose ~/.pgpass (0600, as libpq wants it) holds a wildcard line for every host. */
function homeWithPgpass(): string {
	const home = tmp('home');
	writeFileSync(path.join(home, '.pgpass'), `*:*:*:*:${FILE_PASSWORD}\n`, {mode: 0o600});
	return home;
}

describe('implicit passwords (PGPASSWORD, ~/.pgpass) never leave unasked', () => {
	const certProfile = (port: number) => ({kind: 'crdb-connect-profile', version: 1, answers: {source: 'host', host: '127.0.0.1', port, user: 'victim', auth: 'cert', sslmode: 'disable', database: 'defaultdb', output: 'url'}});

	for (const wrap of ['profile', 'doctor report'] as const) {
		it(`a replayed ${wrap} with auth cert, run with --yes, sends neither $PGPASSWORD nor a ~/.pgpass line to the host it names`, async () => {
			const trap = await startPgwireTrap();
			try {
				for (const source of ['PGPASSWORD', '~/.pgpass'] as const) {
					const home = homeWithPgpass();
					const file = path.join(home, 'from-customer.json');
					const profile = certProfile(trap.port);
					writeFileSync(file, JSON.stringify(wrap === 'profile' ? profile : {kind: 'crdb-connect-report', version: 1, checks: [], profile}));
					const env = {HOME: home, ...(source === 'PGPASSWORD' ? {PGPASSWORD: ENV_PASSWORD} : {})};
					const before = trap.users.length;
					const result = await runCli(['--profile', file, '--yes', '--no-launch'], {env});
					// The server asked (the trap always does), and got a refusal instead of a password.
					expect(trap.users.length).toBeGreaterThan(before);
					expect(trap.passwords).toEqual([]);
					expect(result.code).not.toBe(0);
					expect(result.stderr).toContain('the server asks for a password and none was given');
					expect(scanTexts({out: result.stdout + result.stderr}, [ENV_PASSWORD, FILE_PASSWORD])).toEqual([]);
				}
			} finally {
				await trap.close();
			}
		});
	}

	it('doctor never reads ~/.pgpass, and names PGPASSWORD (its documented libpq fallback) before the login', async () => {
		const trap = await startPgwireTrap();
		try {
			const home = homeWithPgpass();
			const url = `postgresql://victim@127.0.0.1:${trap.port}/db?sslmode=disable`;
			const noPassword = await runCli(['doctor', url], {env: {HOME: home, PGPASSWORD: ''}});
			expect(noPassword.code).toBe(1);
			expect(noPassword.stdout).toContain('the server asks for a password and none was given');
			expect(trap.passwords).toEqual([]);
			// PGPASSWORD is doctor's documented fallback (as in psql): it is sent, and the parse line says so first.
			const fromEnv = await runCli(['doctor', url], {env: {HOME: home, PGPASSWORD: ENV_PASSWORD}});
			expect(fromEnv.code).toBe(1);
			const parse = fromEnv.stdout.indexOf('password from PGPASSWORD');
			expect(parse).toBeGreaterThan(-1);
			expect(parse).toBeLessThan(fromEnv.stdout.indexOf('password authentication failed'));
			expect(trap.passwords).toEqual([ENV_PASSWORD]);
			expect(scanTexts({out: fromEnv.stdout + fromEnv.stderr}, [ENV_PASSWORD, FILE_PASSWORD])).toEqual([]);
			expect(scanTree(home, [ENV_PASSWORD])).toEqual([]);
		} finally {
			await trap.close();
		}
	});
});

describe('text from a server is printed without escape sequences, control characters or bidi overrides', () => {
	const EVIL = 'evil \u001b[2J\u001b]0;owned\u0007 \u202ebidi\u0008';
	// eslint-disable-next-line no-control-regex -- none of these may reach a terminal, a JSON report or a file
	const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

	it('doctor, doctor --json and doctor --report strip them from a server\'s error', async () => {
		const trap = await startPgwireTrap({code: 'XX000', message: EVIL});
		try {
			const home = tmp('evil');
			const report = path.join(home, 'report.json');
			const url = `postgresql://victim@127.0.0.1:${trap.port}/db?sslmode=disable`;
			const env = {HOME: home, XPW: 'abcdefghijkl-evil'};
			const text = await runCli(['doctor', url, '--password-env', 'XPW', '--report', report], {env});
			const json = await runCli(['doctor', url, '--password-env', 'XPW', '--json'], {env});
			expect(trap.passwords).toEqual(['abcdefghijkl-evil', 'abcdefghijkl-evil']);
			for (const run of [text, json]) {
				expect(run.code).toBe(1);
				expect(run.stdout).toContain('evil');
				expect(run.stdout).toContain('bidi');
				expect(run.stdout + run.stderr).not.toMatch(CONTROL);
				// JSON must not carry them escaped either (\u001b, \u202e).
				expect(run.stdout).not.toMatch(/\\u(00[01][0-9a-f]|007f|202[a-e]|206[6-9])/i);
			}

			const written = execFileSync('cat', [report], {encoding: 'utf8'});
			expect(written).toContain('bidi');
			expect(written).not.toMatch(CONTROL);
			expect(written).not.toMatch(/\\u(00[01][0-9a-f]|202[a-e])/i);
		} finally {
			await trap.close();
		}
	});
});
