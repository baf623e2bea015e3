/**
The wizard's bundle compiled through V8's code cache, kept per user on disk: Node 20 has no compile cache of its
own (`module.enableCompileCache()` is Node 22.1+), and parsing and compiling the bundle is the largest part of the
first frame. The cache only ever saves time: a missing, corrupt, foreign or unwritable cache file means the bundle
is compiled from source as without one, and a fresh file is written (when it can be).
*/
import {createHash} from 'node:crypto';
import {closeSync, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync, writeFileSync, type Stats} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {Script} from 'node:vm';

/** The first line of every cache file: what wrote it, then the key and the payload's hash. */
const MAGIC = 'crdb-connect code cache 1';
/** A cache file larger than this is not ours (the bundle's is a few MB). */
const MAX_BYTES = 64 * 1024 * 1024;

/**
This user's cache directory: in the temporary directory, as Node's own compile cache is, so a run writes nothing in
the person's home (a dry run or a refused flag changes nothing there). Named by user id, as it is shared.
*/
export function cacheDirectory(tmpdir = os.tmpdir(), uid: number | null = process.getuid?.() ?? null): string {
	return path.join(tmpdir, uid === null ? 'crdb-connect-cache' : `crdb-connect-cache-${uid}`);
}

/** Whether `stat` is of something only this user can change: owned by them, and writable by no one else. */
function ownedAlone(stat: Stats): boolean {
	return (stat.mode & 0o022) === 0 && (typeof process.getuid !== 'function' || stat.uid === process.getuid());
}

/**
The header that ties cached data to one bundle on one runtime. `early` marks data written as a run ended before its
first screen was surely drawn (a refused flag, a quick Ctrl-C): V8 caches only what that run compiled.
*/
function header(key: string, payload: Uint8Array, early: boolean): string {
	return `${MAGIC} ${key} ${createHash('sha256').update(payload).digest('hex')}${early ? ' early' : ''}\n`;
}

/** Cached data read back: the payload V8 is offered, and whether it was written early (see header()). */
export type CachedData = {payload: Buffer; early: boolean};

/**
The cached data in `file` when it was written by this user for `key` and is intact; undefined otherwise. A file, or a
directory holding it, that someone else owns or can write is never used: V8 would run what it holds.
*/
export function readCache(file: string, key: string): CachedData | undefined {
	let fd: number | undefined;
	try {
		const directory = lstatSync(path.dirname(file));
		if (!directory.isDirectory() || !ownedAlone(directory)) return undefined;
		fd = openSync(file, 'r');
		const stat = fstatSync(fd);
		if (!stat.isFile() || stat.size > MAX_BYTES || !ownedAlone(stat)) return undefined;
		const bytes = Buffer.allocUnsafe(stat.size);
		let read = 0;
		while (read < bytes.length) {
			const n = readSync(fd, bytes, read, bytes.length - read, read);
			if (n === 0) return undefined;
			read += n;
		}

		const newline = bytes.indexOf(10);
		if (newline < 0) return undefined;
		const payload = bytes.subarray(newline + 1);
		const line = bytes.toString('latin1', 0, newline + 1);
		for (const early of [false, true]) if (line === header(key, payload, early)) return {payload, early};
		return undefined;
	} catch {
		return undefined;
	} finally {
		if (fd !== undefined) closeSync(fd);
	}
}

/** Make `directory` (0700) unless it exists. */
function makeDirectory(directory: string): void {
	try {
		mkdirSync(directory, {mode: 0o700});
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
	}
}

/**
Write `payload` for `key` to `file` (0600, in a 0700 directory of this user's, made if missing, never in someone
else's), whole or not at all, marked `early` when so (see header()); failures are ignored.
*/
export function writeCache(file: string, key: string, payload: Uint8Array, early = false): void {
	const temporary = `${file}.${process.pid}.tmp`;
	try {
		// Only the cache's own directory is made: the temporary directory must exist (a recursive mkdir can loop
		// forever where the parent refuses in odd ways, as under /proc).
		makeDirectory(path.dirname(file));
		const directory = lstatSync(path.dirname(file));
		if (!directory.isDirectory() || !ownedAlone(directory)) return;
		writeFileSync(temporary, Buffer.concat([Buffer.from(header(key, payload, early), 'latin1'), payload]), {mode: 0o600});
		renameSync(temporary, file);
	} catch {
		try {
			rmSync(temporary, {force: true});
		} catch {
			// Nothing was written there either.
		}
	}
}

/** How long another build's cache file is kept after it was last written: two installed versions may take turns. */
const STALE_MS = 60 * 60 * 1000;

/**
Remove the files in `directory` that `older` names (other builds' caches of the same command) and that were not
written in the last hour; failures are ignored.
*/
export function pruneCache(directory: string, older: (name: string) => boolean, now = Date.now()): void {
	try {
		for (const name of readdirSync(directory)) {
			if (!older(name)) continue;
			const file = path.join(directory, name);
			if (now - statSync(file).mtimeMs > STALE_MS) rmSync(file, {force: true});
		}
	} catch {
		// Left for next time.
	}
}

/**
Compile `source` (a script) as `filename`, with the cached data in `cacheFile` for `key` when it is valid. When
there was none, or V8 refused it (another V8 version or flags), fresh data is written `saveAfterMs` later, once the
first screen is drawn, or when the process exits, whichever comes first (and the stale files `older` names go): what
V8 caches is what the run has compiled by then, and later V8 may drop the compiled code of functions that ran only at
start-up. Data written at exit is marked early, and the next run that lives `saveAfterMs` replaces it once: otherwise
a first run that only refused a mistyped flag would leave every later run a cache of a third of the first screen
(measured 2.27× `node -e 0` against 2.06× with a whole one).
*/
export function compileCached(source: string, filename: string, cacheFile: string | undefined, key: string, saveAfterMs = 1000, older: (name: string) => boolean = () => false): Script {
	const cached = cacheFile === undefined ? undefined : readCache(cacheFile, key);
	const script = new Script(source, {filename, cachedData: cached?.payload});
	const refused = cached === undefined || script.cachedDataRejected === true;
	if (cacheFile !== undefined && (refused || cached.early)) {
		const save = (early: boolean) => {
			clearTimeout(timer);
			process.off('exit', atExit);
			try {
				writeCache(cacheFile, key, script.createCachedData(), early);
				pruneCache(path.dirname(cacheFile), older);
			} catch {
				// No cache this time: the next run compiles from source again.
			}
		};

		const atExit = () => save(true);
		const timer = setTimeout(() => save(false), saveAfterMs).unref();
		// An early cache that V8 took is kept when this run ends early too: rewriting it would gain nothing.
		if (refused) process.once('exit', atExit);
	}

	return script;
}
