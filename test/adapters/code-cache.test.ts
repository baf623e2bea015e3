import {chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {Script} from 'node:vm';
import {describe, expect, it} from 'vitest';
import {cacheDirectory, compileCached, readCache, writeCache} from '../../src/adapters/code-cache.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'crdb-code-cache-'));

/** Wait until `check` holds (the cache is written on a timer), bounded. */
async function until(check: () => boolean, what: string): Promise<void> {
	const deadline = Date.now() + 5000;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise(resolve => setTimeout(resolve, 10));
	}
}

describe('cacheDirectory', () => {
	it('is in the temporary directory (nothing is written in the home), named by user id', () => {
		expect(cacheDirectory('/tmp', 1000)).toBe('/tmp/crdb-connect-cache-1000');
		expect(cacheDirectory('C:\\Temp', null)).toBe(path.join('C:\\Temp', 'crdb-connect-cache'));
	});
});

describe('the code cache file', () => {
	it('gives back what was written for the same key, and nothing for another key', () => {
		const file = path.join(dir, 'roundtrip', 'a.v8');
		writeCache(file, 'k1', Buffer.from('payload bytes'));
		expect(readCache(file, 'k1')?.payload.toString()).toBe('payload bytes');
		expect(readCache(file, 'k2')).toBeUndefined();
		// Private to its user: 0600 in a 0700 directory.
		expect(statSync(file).mode & 0o777).toBe(0o600);
		expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
	});

	it('says whether the data was written early (as a run ended before its first screen surely was drawn)', () => {
		const file = path.join(dir, 'early', 'e.v8');
		writeCache(file, 'k', Buffer.from('early bytes'), true);
		expect(readCache(file, 'k')).toEqual({payload: Buffer.from('early bytes'), early: true});
		expect(readFileSync(file, 'latin1').split('\n')[0]).toMatch(/ early$/);
		expect(readCache(file, 'k2')).toBeUndefined();
		writeCache(file, 'k', Buffer.from('settled bytes'));
		expect(readCache(file, 'k')).toEqual({payload: Buffer.from('settled bytes'), early: false});
	});

	it('refuses a corrupt, truncated, headless or missing file', () => {
		const file = path.join(dir, 'corrupt.v8');
		writeCache(file, 'k', Buffer.from('0123456789'));
		const whole = readFileSync(file);
		const flipped = Buffer.from(whole);
		flipped[flipped.length - 1] ^= 1;
		writeFileSync(file, flipped, {mode: 0o600});
		expect(readCache(file, 'k')).toBeUndefined();
		writeFileSync(file, whole.subarray(0, whole.length - 3), {mode: 0o600});
		expect(readCache(file, 'k')).toBeUndefined();
		writeFileSync(file, 'no header line at all', {mode: 0o600});
		expect(readCache(file, 'k')).toBeUndefined();
		expect(readCache(path.join(dir, 'missing.v8'), 'k')).toBeUndefined();
		expect(readCache(dir, 'k')).toBeUndefined();
	});

	it('refuses a file others can write, or that another user owns (V8 would run what it holds)', () => {
		const file = path.join(dir, 'shared.v8');
		writeCache(file, 'k', Buffer.from('x'));
		chmodSync(file, 0o666);
		expect(readCache(file, 'k')).toBeUndefined();
		chmodSync(file, 0o600);
		expect(readCache(file, 'k')?.payload.toString()).toBe('x');
		// Only root can give a file away; elsewhere the ownership check cannot be set up.
		if (process.getuid?.() === 0) {
			chownSync(file, 65_534, 65_534);
			expect(readCache(file, 'k')).toBeUndefined();
		}
	});

	it('neither reads nor writes in a directory others can write or another user owns (the temporary directory is shared)', () => {
		const shared = path.join(dir, 'shared-dir');
		const file = path.join(shared, 'x.v8');
		writeCache(file, 'k', Buffer.from('x'));
		chmodSync(shared, 0o777);
		expect(readCache(file, 'k')).toBeUndefined();
		writeCache(file, 'k', Buffer.from('y'));
		chmodSync(shared, 0o700);
		expect(readCache(file, 'k')?.payload.toString()).toBe('x');
		if (process.getuid?.() === 0) {
			chownSync(shared, 65_534, 65_534);
			expect(readCache(file, 'k')).toBeUndefined();
			writeCache(file, 'k', Buffer.from('z'));
			chownSync(shared, 0, 0);
			expect(readCache(file, 'k')?.payload.toString()).toBe('x');
		}
	});

	it('writes nothing, and throws nothing, where it cannot write', () => {
		const blocker = path.join(dir, 'a-file');
		writeFileSync(blocker, '');
		expect(() => writeCache(path.join(blocker, 'sub', 'x.v8'), 'k', Buffer.from('x'))).not.toThrow();
		expect(existsSync(path.join(blocker, 'sub'))).toBe(false);
	});
});

describe('compileCached', () => {
	// V8 keeps what a process compiled by source text, and then never looks at cached data for it: each case compiles
	// a source of its own. That a later process takes the cache is checked through the binary (test/e2e/code-cache).
	let n = 0;
	const source = () => `(function () { const parts = [6, 7]; return parts.reduce((a, b) => a * b); }) // ${process.pid} ${++n}`;

	it('compiles from source the first time and then writes the cache', async () => {
		const file = path.join(dir, 'compiled', 'c.v8');
		const text = source();
		const script = compileCached(text, 'fixture.js', file, 'key', 0);
		expect(script.cachedDataRejected).toBeUndefined();
		expect((script.runInThisContext() as () => number)()).toBe(42);
		await until(() => readCache(file, 'key') !== undefined, 'the cache file');
	});

	it('compiles from source, and replaces the file, when it holds garbage under the right header', async () => {
		const file = path.join(dir, 'garbage', 'g.v8');
		writeCache(file, 'key', Buffer.from('this is not V8 code cache data'));
		const script = compileCached(source(), 'fixture.js', file, 'key', 0);
		// V8 itself refused the data (it checks its own header), and the code still runs.
		expect(script.cachedDataRejected).toBe(true);
		expect((script.runInThisContext() as () => number)()).toBe(42);
		await until(() => readCache(file, 'key')?.payload.toString() !== 'this is not V8 code cache data', 'a fresh cache');
	});

	it('replaces data written early once a run lives to its timer, and never rewrites whole data', async () => {
		const file = path.join(dir, 'replaced', 'r.v8');
		const text = source();
		writeCache(file, 'key', new Script(text, {filename: 'fixture.js'}).createCachedData(), true);
		const exitListeners = process.listenerCount('exit');
		const script = compileCached(text, 'fixture.js', file, 'key', 0);
		expect(script.cachedDataRejected).toBe(false);
		// Taken, so not written again at exit: only the timer replaces it.
		expect(process.listenerCount('exit')).toBe(exitListeners);
		await until(() => readCache(file, 'key')?.early === false, 'the early cache to be replaced');
		const whole = statSync(file);
		expect(compileCached(text, 'fixture.js', file, 'key', 0).cachedDataRejected).toBe(false);
		expect(process.listenerCount('exit')).toBe(exitListeners);
		// Timers of the same delay run in the order they were set: a save due now would have run before this.
		await new Promise(resolve => setTimeout(resolve, 0));
		expect(statSync(file)).toMatchObject({ino: whole.ino, mtimeMs: whole.mtimeMs});
	});

	it('never offers V8 the data of another bundle (another key), and runs without a cache directory at all', () => {
		const file = path.join(dir, 'other', 'o.v8');
		writeCache(file, 'other-key', Buffer.from('x'));
		const script = compileCached(source(), 'fixture.js', file, 'key', 60_000);
		expect(script.cachedDataRejected).toBeUndefined();
		expect((script.runInThisContext() as () => number)()).toBe(42);
		const none = compileCached(source(), 'fixture.js', undefined, 'key');
		expect(none.cachedDataRejected).toBeUndefined();
		expect((none.runInThisContext() as () => number)()).toBe(42);
	});
});
