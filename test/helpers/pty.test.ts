/**
The pty harness itself: every byte a program writes before the pty's last process exits reaches the screen. Without
test/helpers/pty-drain.ts, node-pty lost the shell's final "EXIT=N" line now and then under load (a wizard that had
exited looked as if it hung), and after a large output in most runs, as here.
*/
import {describe, expect, it} from 'vitest';
import {spawnPty} from './pty.js';

describe('the pty harness', () => {
	it('keeps the last line written just before the last process exits, after 200 KB of output (5 runs)', async () => {
		for (let run = 0; run < 5; run++) {
			const s = spawnPty('/bin/bash', ['--norc', '--noprofile', '-c', 'head -c 200000 /dev/zero | tr "\\0" y; echo "EXIT=$?"']);
			await s.exited;
			expect(s.raw().length).toBe(200_000 + 'EXIT=0\r\n'.length);
			expect(s.raw().endsWith('yEXIT=0\r\n')).toBe(true);
			// The screen shows it too (xterm parses what it is given a little later).
			await s.waitForScreen('EXIT=0');
		}
	});
});
