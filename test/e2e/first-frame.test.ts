/**
The wizard's first frame in a real terminal (a pty), as the bundle is built for speed: Ink's DEV mode works
(the bundle gives Ink the package.json it reads), and the first question takes keys at once. A terminal that
reports 0 rows (an unknown height) never has its screen and scrollback cleared.
*/
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {BIN} from '../helpers/cli.js';
import {spawnPty, type PtySession} from '../helpers/pty.js';

let session: PtySession | undefined;
afterEach(() => session?.kill());

function wizard(env: NodeJS.ProcessEnv, before = ''): PtySession {
	const home = mkdtempSync(path.join(os.tmpdir(), 'crdb-first-'));
	return (session = spawnPty('/bin/bash', ['--norc', '--noprofile', '-c', `${before}${process.execPath} ${BIN}; echo "EXIT=$?"`], {env: {HOME: home, PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`, ...env}}));
}

/** Ink's clearTerminal: erase the screen (ESC[2J) and the scrollback (ESC[3J). */
// eslint-disable-next-line no-control-regex -- the escape codes are exactly what this test looks for
const CLEARS = /\u001B\[[23]J/;

describe('the first frame', () => {
	it('DEV=true (Ink\'s development mode) shows the first question, takes keys and cancels cleanly', async () => {
		const s = wizard({DEV: 'true'});
		await s.waitForScreen('? How do you reach the cluster?');
		await s.waitForRawMode();
		expect(s.screen()).not.toMatch(/ENOENT|package\.json|Error/);
		s.write('\r');
		await s.waitForScreen('? Host name or IP address');
		s.write('\u0003');
		const screen = await s.waitForScreen('EXIT=130');
		expect(screen).toContain('Cancelled: nothing was changed.');
	});

	for (const ci of ['true', '']) {
		it(`with CI=${ci ? 'true' : ' (set, empty)'} in a terminal, the wizard still draws each question live and takes keys`, async () => {
			// Ink alone would draw nothing until exit when CI is set: the first question never appeared.
			const s = wizard({CI: ci});
			await s.waitForScreen('? How do you reach the cluster?');
			await s.waitForRawMode();
			s.write('\r');
			await s.waitForScreen('? Host name or IP address');
			s.write('\u0003');
			const screen = await s.waitForScreen('EXIT=130');
			expect(screen).toContain('Cancelled: nothing was changed.');
		});
	}

	it('draws its symbols at their width: the progress line and the selected row line up as in the source', async () => {
		const s = wizard({});
		await s.waitForScreen('? How do you reach the cluster?');
		const rows = s.viewport();
		expect(rows).toContain('● Authorize network  ○ Create SQL user  ○ Choose connection method  ○ Connect');
		expect(rows.some(row => row.startsWith('❯ I have a host'))).toBe(true);
		s.write('\u0003');
		await s.waitForScreen('EXIT=130');
	});

	it('a terminal that reports 0 rows (`script -qc` without a size, some CI and Emacs terminals) keeps its screen and scrollback through the first questions', async () => {
		// The window has no height: Ink used to take every frame for a full screen and clear everything on each redraw.
		const s = wizard({}, 'echo "SIZE=$(stty size)"; stty rows 0; echo "SIZE=$(stty size)"; ');
		await s.waitForScreen('? How do you reach the cluster?');
		expect(s.raw()).toContain('SIZE=0 100');
		await s.waitForRawMode();
		s.write('\r');
		await s.waitForScreen('? Host name or IP address');
		expect(s.raw()).not.toMatch(CLEARS);
		// What was printed before the wizard is still there.
		expect(s.screen()).toContain('SIZE=40 100');
		s.write('\u0003');
		await s.waitForScreen('EXIT=130');
		expect(s.raw()).not.toMatch(CLEARS);
	});
});
