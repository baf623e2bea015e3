/**
"No" to sending the password says only what is true about going back, in a real terminal, Ink and --plain alike:
when the question is the first one (a replayed profile gave everything), there is no Back (Esc) to offer, so the
line says the answers came with the profile and a new run changes them. The profile points at the real PostgreSQL
on loopback (its TCP check passes before the question). That "No" sends nothing is shown in hostile-pty.test.ts.
*/
import {mkdtempSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, inject, it, vi} from 'vitest';
import {BIN} from '../helpers/cli.js';
import {spawnPty, type PtySession} from '../helpers/pty.js';

const pg = inject('pg');
let session: PtySession | undefined;
afterEach(() => session?.kill());

/** Text as one line with single spaces (the window is wide enough that the line is not cut mid-word). */
const flat = (text: string) => text.replace(/\s+/g, ' ');

async function waitForFlat(s: PtySession, text: string, timeout = 20_000): Promise<string> {
	await vi.waitFor(() => expect(flat(s.screen())).toContain(text), {timeout, interval: 25});
	return flat(s.screen());
}

const USER = 'consent_refused';

describe('"No" to the replayed profile\'s password, the first question of the run', () => {
	for (const plain of [false, true]) {
		it(`${plain ? '--plain' : 'Ink'}: no "go back (Esc)" (there is nothing to go back to); says the answers came with the profile`, async () => {
			const home = mkdtempSync(path.join(os.tmpdir(), 'crdb-consent-'));
			const profile = path.join(home, 'replay.json');
			writeFileSync(profile, JSON.stringify({kind: 'crdb-connect-profile', version: 1, passwordEnv: 'PROFILE_PW', answers: {source: 'host', host: 'localhost', port: pg.port, user: USER, auth: 'password', sslmode: 'verify-full', caCert: pg.caCert, database: 'defaultdb', output: 'url'}}));
			const s = (session = spawnPty('/bin/bash', ['--norc', '--noprofile', '-c', `${process.execPath} ${BIN} --profile ${profile}${plain ? ' --plain' : ''}; echo "EXIT=$?"`], {env: {HOME: home, PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`, PROFILE_PW: 'the profile password!'}, cols: 220}));
			await waitForFlat(s, 'The replayed profile reads the password from the environment. Send it where the profile says?');
			await waitForFlat(s, 'No: stop here; the password is not sent');
			await s.waitForRawMode();
			s.write('\r');
			const shown = await waitForFlat(s, 'the password was not sent: the host, the sslmode and the password came with the command line or the profile, so run again with others to connect, or quit (Ctrl-C)');
			expect(shown).not.toContain('go back (Esc)');
			s.write('\u0003');
			await s.waitForScreen('EXIT=130');
		}, 60_000);
	}
});
