/** Checking, before the first change, that a file we will write at the end can be written. */
import {constants} from 'node:fs';
import {access, stat} from 'node:fs/promises';
import path from 'node:path';

/** Why the file cannot be written (created or replaced, via a temp file beside it); undefined when it can. */
export async function unwritableReason(file: string): Promise<string | undefined> {
	const dir = path.dirname(file);
	try {
		const info = await stat(file);
		if (!info.isFile()) return `${file} exists and is not a regular file`;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return `${file} cannot be checked (${(error as NodeJS.ErrnoException).code})`;
	}

	try {
		if (!(await stat(dir)).isDirectory()) return `${dir} is not a directory`;
	} catch {
		return `the directory ${dir} does not exist`;
	}

	try {
		// The file is written as a temp file in its directory, then renamed: the directory must be writable.
		await access(dir, constants.W_OK | constants.X_OK);
	} catch {
		return `the directory ${dir} is not writable`;
	}

	return undefined;
}
