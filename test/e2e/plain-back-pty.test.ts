/**
--plain has Back on every question, not only on lists: Esc on a text, password or yes/no prompt goes back, as
in Ink. Walked in a real terminal against the real TLS PostgreSQL server.
*/
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, inject, it, vi} from 'vitest';
import {BIN} from '../helpers/cli.js';
import {startIpService} from '../helpers/cloud-api-server.js';
import {createPasswordUser} from '../helpers/pg-server.js';
import {spawnPty, type PtySession} from '../helpers/pty.js';

const pg = inject('pg');
let session: PtySession | undefined;

afterEach(() => session?.kill());

describe('--plain: Esc goes back on text and password questions', () => {
	const PASSWORD = 'plain back password';
	const USER = 'plain_back';
	createPasswordUser(pg, USER, PASSWORD);

	it('a mistyped user name: failed login → Back to the question (password) → Esc → the user name, fixed → psql opens', async () => {
		const home = mkdtempSync(path.join(os.tmpdir(), 'crdb-plain-back-'));
		const command = `${process.execPath} ${BIN} --plain --host localhost --port ${pg.port} --auth password --ca-cert ${pg.caCert}; echo "EXIT=$?"`;
		const s = (session = spawnPty('/bin/bash', ['--norc', '--noprofile', '-c', command], {env: {HOME: home, USER: 'ana', PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`}}));
		// The first question has nothing before it: no Esc hint.
		await s.waitForScreen(/\? SQL user name\s*$/, 20_000);
		expect(s.screen()).not.toContain('Esc back');
		await s.waitForRawMode();
		s.write(`${USER}x\r`);
		// Every later prompt says how to go back.
		await s.waitForScreen('? Password for the SQL user · Esc back');
		s.write(`${PASSWORD}\r`);
		await s.waitForScreen('❯ Accept the plan');
		await s.waitForScreen('↑↓ navigate • ⏎ select • Esc back');
		s.write('\r');
		await s.waitForScreen('❯ Retry', 20_000);
		expect(s.screen().replace(/\n/g, '')).toContain(`password authentication failed for user "${USER}x"`);
		s.write('\u001B[B');
		await s.waitForScreen('❯ Back to the question');
		s.write('\r');
		await s.waitForScreen('↩ back to: Password for the SQL user');
		await s.waitForRawMode();
		// Esc on the password question: back to the user name, the mistyped one offered as the default.
		s.write('\u001B');
		await s.waitForScreen('↩ back to: SQL user name');
		await s.waitForScreen(new RegExp(`\\? SQL user name \\(${USER}x\\)`));
		s.write(`${USER}\r`);
		await s.waitForScreen(`✔ SQL user name ${USER}\n`);
		// The password is asked again for the new user name, then the plan.
		await s.waitForScreen(/\? Password for the SQL user · Esc back\s*\n.*\s*$/);
		s.write(`${PASSWORD}\r`);
		await s.waitForScreen(/❯ Accept the plan\n(.*\n)*.*Esc back\s*$/);
		s.write('\r');
		await s.waitForScreen(/defaultdb=>\s*$/m, 30_000);
		s.write('select current_user;\r');
		await s.waitForScreen(new RegExp(`current_user\\s*\\n-+\\n\\s*${USER}\\s*\\n`));
		s.write('\\q\r');
		await s.waitForScreen('EXIT=0');
		// The answered lines keep the bare question: the hint went with the prompt.
		expect(s.screen()).not.toMatch(/✔ [^\n]*Esc back/);
	}, 90_000);

	it('Esc on a yes/no question (the guided Console "Done?") goes back to the API key question', async () => {
		const ip = await startIpService('198.51.100.77');
		try {
			const home = mkdtempSync(path.join(os.tmpdir(), 'crdb-plain-back-'));
			const command = `${process.execPath} ${BIN} --plain; echo "EXIT=$?"`;
			const s = (session = spawnPty('/bin/bash', ['--norc', '--noprofile', '-c', command], {env: {HOME: home, USER: 'ana', PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`, CRDB_CONNECT_IP_URL: ip.url}}));
			await s.waitForScreen('❯ I have a host', 20_000);
			await s.waitForRawMode();
			s.write('\u001B[B\u001B[B');
			await s.waitForScreen('❯ A CockroachDB Cloud cluster');
			s.write('\r');
			await s.waitForScreen('? CockroachDB Cloud API key (Enter without one to be guided through the Console) · Esc back');
			s.write('\r');
			await s.waitForScreen(/Done\? · Esc back \(Y\/n\)/, 20_000);
			s.write('\u001B');
			await s.waitForScreen('↩ back to: CockroachDB Cloud API key');
			// Esc again: the list before it; Esc on the first question has nowhere to go and does nothing.
			await s.waitForScreen(/\? CockroachDB Cloud API key[^\n]*· Esc back\s*\n[^\n]*\s*$/);
			s.write('\u001B');
			await s.waitForScreen('↩ back to: How do you reach the cluster?');
			s.write('\u0003');
			await s.waitForScreen('EXIT=130');
			expect(s.screen()).toContain('Cancelled: nothing was changed.');
		} finally {
			ip.close();
		}
	});
});

describe('the history after Esc reads as cleanly in --plain as in Ink', () => {
	const USER = 'plain_back';
	for (const front of ['ink', 'plain'] as const) {
		it(`${front}: Esc on a half-typed password leaves "✔ SQL user name" then "↩ back to", with no abandoned prompt between`, async () => {
			const home = mkdtempSync(path.join(os.tmpdir(), 'crdb-plain-back-'));
			const plain = front === 'plain' ? ' --plain' : '';
			const command = `${process.execPath} ${BIN}${plain} --host localhost --port ${pg.port} --auth password --ca-cert ${pg.caCert}; echo "EXIT=$?"`;
			const s = (session = spawnPty('/bin/bash', ['--norc', '--noprofile', '-c', command], {env: {HOME: home, USER: 'ana', PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`}}));
			await s.waitForScreen(/\? SQL user name/, 20_000);
			await s.waitForRawMode();
			s.write(`${USER}\r`);
			await s.waitForScreen('? Password for the SQL user');
			s.write('half typed');
			await s.waitForScreen('*'.repeat('half typed'.length));
			s.write('\u001B');
			await s.waitForScreen('↩ back to: SQL user name');
			await vi.waitFor(() => expect(s.screen()).not.toContain('Password for the SQL user'), {timeout: 10_000, interval: 25});
			// The question asked again is drawn below the line (until then the line is the screen's last).
			await s.waitForScreen(/↩ back to: SQL user name\n(.*\n)*\? SQL user name/);
			// The answered question, then where Back went: nothing of the password prompt (its mask, its help) between.
			expect(s.screen()).toMatch(new RegExp(`✔ SQL user name(:| ·)? ${USER}\\n↩ back to: SQL user name\\n`));
			expect(s.screen()).not.toContain('*'.repeat('half typed'.length));
			expect(s.screen()).not.toContain('toggle visibility');
			s.write('\u0003');
			await s.waitForScreen('EXIT=130');
		});
	}
});

