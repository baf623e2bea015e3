/**
Files for `cert`: certificates 0644, keys 0600, the certs directory 0700, every write atomic (a temp file
in the same directory, then rename), and cockroach's permission check when an existing key is loaded.
*/
import {randomBytes} from 'node:crypto';
import {constants} from 'node:fs';
import {chmod, mkdir, open, readFile, rename, stat, unlink} from 'node:fs/promises';
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
	const staged: Array<{temp: string; target: string}> = [];
	try {
		for (const file of files) {
			const temp = path.join(path.dirname(file.path), `.${path.basename(file.path)}.${randomBytes(6).toString('hex')}.tmp`);
			const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, file.mode);
			staged.push({temp, target: file.path});
			try {
				await handle.writeFile(file.data);
				// The umask may have narrowed the mode at creation; set it exactly.
				await handle.chmod(file.mode);
				await handle.sync();
			} finally {
				await handle.close();
			}
		}

		for (const {temp, target} of staged) await rename(temp, target);
	} catch (error) {
		await Promise.all(staged.map(s => unlink(s.temp).catch(() => {})));
		throw error;
	}
}

/** The text of a file, or a Go-style `open <p>: no such file or directory` error. */
export async function readTextFile(file: string): Promise<string> {
	try {
		return await readFile(file, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
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
