/**
The code cache through the real binary (src/adapters/code-cache.ts): the first run writes it, the next one takes it
(and leaves the file alone: a refused cache is rewritten), and a corrupt, foreign or unwritable cache never changes
what a run does. The cache is in the temporary directory (TMPDIR here), never in the home. The wizard keeps a file of its own, as each command does.
*/
import {chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {BIN, runCli} from '../helpers/cli.js';
import {spawnPty, type PtySession} from '../helpers/pty.js';

const MAGIC = 'crdb-connect code cache 1 ';
/** A temporary directory of the test's own (TMPDIR), so each case starts with no cache. */
const tmpHome = () => mkdtempSync(path.join(os.tmpdir(), 'crdb-tmpdir-'));
const fileFor = (tmp: string, command: string) => path.join(tmp, `crdb-connect-cache-${process.getuid?.() ?? ''}`.replace(/-$/, ''), `${command}-${process.version}-${process.arch}.v8`);

let session: PtySession | undefined;
afterEach(() => session?.kill());

describe('the code cache, through the binary', () => {
	it('is written by the first run and taken by the next; a corrupt, foreign or unwritable one only costs the speed-up', async () => {
		const home = tmpHome();
		const file = fileFor(home, 'url');
		const run = (env: NodeJS.ProcessEnv = {TMPDIR: home}) => runCli(['url', '--help'], {env});
		const first = await run();
		expect(first.code).toBe(0);
		expect(first.stdout).toContain('crdb-connect url');
		expect(readFileSync(file, 'latin1').startsWith(MAGIC)).toBe(true);
		expect(statSync(file).mode & 0o777).toBe(0o600);
		const written = statSync(file);

		// Taken as it is: the file is not written again.
		expect(await run()).toEqual(first);
		expect(statSync(file)).toMatchObject({ino: written.ino, mtimeMs: written.mtimeMs});

		// Its last byte changed under a good header: refused before V8 sees it, and written anew.
		const flipped = readFileSync(file);
		flipped[flipped.length - 1] ^= 0xff;
		writeFileSync(file, flipped);
		expect(await run()).toEqual(first);
		expect(readFileSync(file).equals(flipped)).toBe(false);
		expect(readFileSync(file, 'latin1').startsWith(MAGIC)).toBe(true);

		// Garbage, a cache that others may write, and (as root) one another user owns: the same.
		for (const spoil of [
			() => writeFileSync(file, 'not a cache at all'),
			() => chmodSync(file, 0o666),
			...(process.getuid?.() === 0 ? [() => chownSync(file, 65_534, 65_534)] : []),
		]) {
			const before = statSync(file).ino;
			spoil();
			expect(await run()).toEqual(first);
			expect(statSync(file).ino).not.toBe(before);
			expect(statSync(file)).toMatchObject({uid: process.getuid?.() ?? statSync(file).uid});
			expect(statSync(file).mode & 0o777).toBe(0o600);
		}

		// A cache directory that cannot be made (a file is in the way), and one that someone else could write to.
		const blocker = path.join(home, 'a-file');
		writeFileSync(blocker, '');
		expect(await run({TMPDIR: blocker})).toEqual(first);
		expect(readFileSync(blocker, 'utf8')).toBe('');
		// Where mkdir fails oddly (Node's recursive mkdir used to loop forever under /proc, after the output, at exit).
		if (process.platform === 'linux') expect(await run({TMPDIR: '/proc/crdb-connect-test'})).toEqual(first);
		chmodSync(path.dirname(file), 0o777);
		const kept = statSync(file);
		expect(await run()).toEqual(first);
		expect(statSync(file)).toMatchObject({ino: kept.ino, mtimeMs: kept.mtimeMs});
	});

	it('the wizard keeps its own cache: its second first frame comes from it, and takes keys as the first did', async () => {
		const home = tmpHome();
		const file = fileFor(home, 'wizard');
		const wizard = () => (session = spawnPty('/bin/bash', ['--norc', '--noprofile', '-c', `${process.execPath} ${BIN}; echo "EXIT=$?"`], {env: {TMPDIR: home}}));
		for (const round of [1, 2]) {
			const before = existsSync(file) ? statSync(file).ino : undefined;
			const s = wizard();
			await s.waitForScreen('? How do you reach the cluster?');
			await s.waitForRawMode();
			s.write('\r');
			await s.waitForScreen('? Host name or IP address');
			s.write('\u0003');
			await s.waitForScreen('EXIT=130');
			expect(s.screen()).toContain('Cancelled: nothing was changed.');
			expect(readFileSync(file, 'latin1').startsWith(MAGIC)).toBe(true);
			if (round === 2) expect(statSync(file).ino).toBe(before);
		}

		expect(existsSync(fileFor(home, 'url'))).toBe(false);
	});
});
