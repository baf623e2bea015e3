/**
Files for `cert`: certificates 0644, keys 0600, the certs directory 0700, every write atomic (a temp file
in the same directory, then rename — or link, for a file that must not exist yet, so two runs racing for
the same name cannot both win), temp files removed on SIGINT/SIGTERM/SIGHUP, and cockroach's permission
check when an existing key is loaded. Also the wizard's --password-file: a new 0600 file, never overwritten.
*/
import {randomBytes} from 'node:crypto';
import {constants} from 'node:fs';
import {unlinkSync} from 'node:fs';
import {chmod, link, mkdir, open, rename, stat, unlink} from 'node:fs/promises';
import {readRegularFile, type FileReadError} from './regular-file.js';
import path from 'node:path';
import {keyPermissionProblem, maxKeyMode} from '../core/file-mode.js';

/** Mode for certificate files. */
export const CERT_FILE_MODE = 0o644;
/** Mode for private key files. */
export const KEY_FILE_MODE = 0o600;

/** One file to write. */
export interface FileToWrite {
	path: string;
	data: string | Buffer;
	mode: number;
	/** Create it only if nothing is there yet (checked atomically at the end, not before): else fail with EEXIST. */
	exclusive?: boolean;
}

/** Temp files being written now: removed if a signal ends the process first (they may hold a private key). */
const pending = new Set<string>();
const CLEANUP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** On a signal: remove the temp files; then, if nobody else handles it, die of it as we would have. */
function onSignal(signal: NodeJS.Signals): void {
	for (const temp of pending) {
		try {
			unlinkSync(temp);
		} catch {
			// Already renamed or removed.
		}
	}

	pending.clear();
	stopWatchingSignals();
	if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function watchSignals(): void {
	if (pending.size === 0) for (const signal of CLEANUP_SIGNALS) process.on(signal, onSignal);
}

function stopWatchingSignals(): void {
	for (const signal of CLEANUP_SIGNALS) process.off(signal, onSignal);
}

/** Whether a path exists (without following the question of what it is). */
export async function exists(file: string): Promise<boolean> {
	try {
		await stat(file);
		return true;
	} catch {
		return false;
	}
}

/** Create the certs directory (and parents) with mode 0700 if it is missing. */
export async function ensureCertsDir(dir: string): Promise<void> {
	if (await exists(dir)) return;
	await mkdir(dir, {recursive: true, mode: 0o700});
	await chmod(dir, 0o700);
}

/**
Write every file to a temp file beside its target, then rename them all into place. Nothing is renamed
until every temp file is written, so a failure part-way leaves the targets untouched.
*/
export async function writeFilesAtomically(files: readonly FileToWrite[]): Promise<void> {
	const staged: Array<{temp: string; target: string; exclusive: boolean}> = [];
	/** Targets this call created by link: removed again if a later file fails, so nothing is left half done. */
	const created: string[] = [];
	/** Every temp name this call used (also one whose open failed), to stop watching them at the end. */
	const temps: string[] = [];
	try {
		for (const file of files) {
			const temp = path.join(path.dirname(file.path), `.${path.basename(file.path)}.${randomBytes(6).toString('hex')}.tmp`);
			watchSignals();
			pending.add(temp);
			temps.push(temp);
			const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, file.mode);
			staged.push({temp, target: file.path, exclusive: file.exclusive === true});
			try {
				await handle.writeFile(file.data);
				// The umask may have narrowed the mode at creation; set it exactly.
				await handle.chmod(file.mode);
				await handle.sync();
			} finally {
				await handle.close();
			}
		}

		// Fault injection for the hostile tests only: hold here, temp files written, until a signal arrives.
		if (process.env.CRDB_CONNECT_TEST_HOLD_WRITES) await holdForTest(process.env.CRDB_CONNECT_TEST_HOLD_WRITES, staged.map(s => s.temp));
		for (const {temp, target, exclusive} of staged) {
			if (!exclusive) {
				await rename(temp, target);
				continue;
			}

			try {
				// link() fails if the name exists, atomically: a run that got there first keeps its file.
				await link(temp, target);
			} catch (error) {
				if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw Object.assign(new Error(`open ${target}: file exists (created meanwhile by another run; nothing of this run was kept)`), {code: 'EEXIST'});
				throw error;
			}

			created.push(target);
			await unlink(temp);
		}
	} catch (error) {
		await Promise.all([...staged.map(s => unlink(s.temp).catch(() => {})), ...created.map(target => unlink(target).catch(() => {}))]);
		throw error;
	} finally {
		for (const temp of temps) pending.delete(temp);
		if (pending.size === 0) stopWatchingSignals();
	}
}

/** Say where the temp files are (in the named file), then wait up to a minute: the test sends its signal meanwhile. */
async function holdForTest(report: string, temps: readonly string[]): Promise<void> {
	const {writeFile} = await import('node:fs/promises');
	await writeFile(report, temps.join('\n'));
	await new Promise(resolve => setTimeout(resolve, 60_000));
}

/** The most a certificate or key file may hold (a chain of a few certificates is a few KB). */
export const PEM_FILE_MAX_BYTES = 1024 * 1024;

/**
The text of a certificate or key file, or a Go-style `open <p>: no such file or directory` error. Only a
regular file of at most 1 MB is read: a FIFO would block forever, /dev/zero would grow the process.
*/
export async function readTextFile(file: string): Promise<string> {
	try {
		return await readRegularFile(file, PEM_FILE_MAX_BYTES);
	} catch (error) {
		const code = (error as FileReadError).code;
		if (code === 'NOT_REGULAR' || code === 'TOO_LARGE') throw new Error(`read ${file}: ${(error as Error).message}: give a PEM certificate or key file`, {cause: error});
		throw new Error(`open ${file}: ${code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : (error as Error).message}`, {cause: error});
	}
}

/**
cockroach's check before it uses a key: a regular file whose mode stays within 0700 (0740 when owned by
root and the process's group). Skipped when COCKROACH_SKIP_KEY_PERMISSION_CHECK is true, and on Windows.
*/
export async function checkKeyFilePermissions(file: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
	if (process.platform === 'win32' || /^(1|t|true)$/i.test(env.COCKROACH_SKIP_KEY_PERMISSION_CHECK ?? '')) return;
	const info = await stat(file);
	if (!info.isFile()) throw new Error(`key file ${file} is not a regular file`);
	const problem = keyPermissionProblem(file, info.mode, maxKeyMode({uid: info.uid, gid: info.gid}, process.getgid?.() ?? -1));
	if (problem) throw new Error(problem);
}

/** Write a secret to a new file, mode 0600; an existing file is refused (never overwritten). */
export async function writeNewSecretFile(path: string, text: string): Promise<void> {
	let handle;
	try {
		handle = await open(path, 'wx', 0o600);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'EEXIST') throw new Error(`${path} exists already: --password-file never overwrites a file; name a new one`, {cause: error});
		throw new Error(`cannot create ${path} (${code}): check the directory exists and is writable`, {cause: error});
	}

	try {
		await handle.writeFile(text);
	} finally {
		await handle.close();
	}
}
