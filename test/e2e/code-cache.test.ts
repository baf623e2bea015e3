/**
The code cache through the real binary (src/adapters/code-cache.ts): the first run writes it, the next one takes it
(and leaves the file alone: a refused cache is rewritten), and a corrupt, foreign or unwritable cache never changes
what a run does. The cache is in the temporary directory (TMPDIR here), never in the home. The wizard keeps a file of its own, as each command does.
*/
import {chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {BIN, runCli} from '../helpers/cli.js';
import {spawnPty, type PtySession} from '../helpers/pty.js';

const MAGIC = 'crdb-connect code cache 1 ';
/** Whether the cache file is there, and was written early (as its run ended) rather than once the first screen was up. */
const headerOf = (file: string) => (existsSync(file) ? readFileSync(file, 'latin1').split('\n')[0]! : '');
/** A temporary directory of the test's own (TMPDIR), so each case starts with no cache. */
const tmpHome = () => mkdtempSync(path.join(os.tmpdir(), 'crdb-tmpdir-'));
const dirFor = (tmp: string) => path.join(tmp, `crdb-connect-cache-${process.getuid?.() ?? ''}`.replace(/-$/, ''));
/** The one cache file of `command` for this Node (its name also carries the build's hash). */
function fileFor(tmp: string, command: string): string {
	const names = existsSync(dirFor(tmp)) ? readdirSync(dirFor(tmp)).filter(n => n.startsWith(`${command}-`) && n.endsWith(`-${process.version}-${process.arch}.v8`)) : [];
	expect(names.length).toBeLessThanOrEqual(1);
	return path.join(dirFor(tmp), names[0] ?? `${command}-none`);
}

let session: PtySession | undefined;
afterEach(() => session?.kill());

describe('the code cache, through the binary', () => {
	it('is written by the first run and taken by the next; a corrupt, foreign or unwritable one only costs the speed-up', async () => {
		const home = tmpHome();
		// Other builds' caches of the command: the one not written for an hour goes when this build writes its own.
		const runtime = `${process.version}-${process.arch}.v8`;
		mkdirSync(dirFor(home), {mode: 0o700});
		for (const other of [`url-000000000000-${runtime}`, `url-111111111111-${runtime}`, `cert-000000000000-${runtime}`]) writeFileSync(path.join(dirFor(home), other), 'x', {mode: 0o600});
		const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
		utimesSync(path.join(dirFor(home), `url-000000000000-${runtime}`), twoHoursAgo, twoHoursAgo);
		utimesSync(path.join(dirFor(home), `cert-000000000000-${runtime}`), twoHoursAgo, twoHoursAgo);
		const run = (env: NodeJS.ProcessEnv = {TMPDIR: home}) => runCli(['url', '--help'], {env});
		const first = await run();
		expect(first.code).toBe(0);
		expect(first.stdout).toContain('crdb-connect url');
		expect(readdirSync(dirFor(home)).filter(n => n.includes('-0000000') || n.includes('-1111111')).sort()).toEqual([`cert-000000000000-${runtime}`, `url-111111111111-${runtime}`]);
		rmSync(path.join(dirFor(home), `url-111111111111-${runtime}`));
		const file = fileFor(home, 'url');
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
		const wizard = () => (session = spawnPty('/bin/bash', ['--norc', '--noprofile', '-c', `${process.execPath} ${BIN}; echo "EXIT=$?"`], {env: {TMPDIR: home}}));
		let before: number | undefined;
		for (const round of [1, 2]) {
			const s = wizard();
			await s.waitForScreen('? How do you reach the cluster?');
			await s.waitForRawMode();
			// The first run writes the cache a second after it started, with the first screen up.
			if (round === 1) await vi.waitFor(() => expect(headerOf(fileFor(home, 'wizard'))).toMatch(/^crdb-connect code cache 1 \S+ \S+$/), {timeout: 10_000, interval: 25});
			s.write('\r');
			await s.waitForScreen('? Host name or IP address');
			s.write('\u0003');
			await s.waitForScreen('EXIT=130');
			expect(s.screen()).toContain('Cancelled: nothing was changed.');
			const file = fileFor(home, 'wizard');
			expect(readFileSync(file, 'latin1').startsWith(MAGIC)).toBe(true);
			if (round === 2) expect(statSync(file).ino).toBe(before);
			before = statSync(file).ino;
		}

		expect(readdirSync(dirFor(home)).filter(n => n.startsWith('url-'))).toEqual([]);
	});

	it('a run with other V8 flags keeps a file of its own, and leaves the plain one alone', async () => {
		const home = tmpHome();
		const run = (env: NodeJS.ProcessEnv = {}) => runCli(['url', '--help'], {env: {TMPDIR: home, ...env}});
		expect((await run()).code).toBe(0);
		const plain = fileFor(home, 'url');
		const kept = statSync(plain);
		// V8 refuses data made under other flags: sharing one file, the two would rewrite it in turn.
		expect((await run({NODE_OPTIONS: '--expose-gc'})).code).toBe(0);
		const own = readdirSync(dirFor(home)).filter(n => n.startsWith('url-') && path.join(dirFor(home), n) !== plain);
		expect(own).toHaveLength(1);
		expect(own[0]).toMatch(new RegExp(`-${process.version.replace(/\./g, '\\.')}-${process.arch}-[0-9a-f]{8}\\.v8$`));
		expect((await run()).code).toBe(0);
		expect(statSync(plain)).toMatchObject({ino: kept.ino, mtimeMs: kept.mtimeMs});
	});

	it('after a first run that only refused a mistyped flag, the next wizard run replaces that early cache once', async () => {
		const home = tmpHome();
		const refused = await runCli(['--hepl'], {env: {TMPDIR: home}});
		expect(refused.code).not.toBe(0);
		expect(refused.stderr).toContain("'--hepl'");
		const file = fileFor(home, 'wizard');
		expect(headerOf(file)).toMatch(/ early$/);
		const early = statSync(file).size;
		const wizard = () => (session = spawnPty('/bin/bash', ['--norc', '--noprofile', '-c', `${process.execPath} ${BIN}; echo "EXIT=$?"`], {env: {TMPDIR: home}}));
		let s = wizard();
		await s.waitForScreen('? How do you reach the cluster?');
		// Replaced while the first screen is up: by then the run has compiled all that screen needs.
		await vi.waitFor(() => expect(headerOf(file)).toMatch(/^crdb-connect code cache 1 \S+ \S+$/), {timeout: 10_000, interval: 25});
		expect(statSync(file).size).toBeGreaterThan(early);
		s.write('\u0003');
		await s.waitForScreen('EXIT=130');
		// Whole now: a later run leaves it as it is.
		const whole = statSync(file);
		s = wizard();
		await s.waitForScreen('? How do you reach the cluster?');
		await s.waitForRawMode();
		s.write('\r');
		await s.waitForScreen('? Host name or IP address');
		s.write('\u0003');
		await s.waitForScreen('EXIT=130');
		expect(statSync(file)).toMatchObject({ino: whole.ino, mtimeMs: whole.mtimeMs});
	});
});
