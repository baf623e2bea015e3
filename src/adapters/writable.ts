/** Checking, before the first change, that a file we will write later can be written. */
import {constants} from 'node:fs';
import {access, stat} from 'node:fs/promises';
import path from 'node:path';

/**
Why the file cannot be written (created or replaced, via a temp file beside it); undefined when it can. With
`createDirs`, missing directories are fine as long as the nearest existing one is a writable directory
(the writer makes them, as the CA installer does for ~/.postgresql).
*/
export async function unwritableReason(file: string, options: {createDirs?: boolean} = {}): Promise<string | undefined> {
	try {
		const info = await stat(file);
		if (!info.isFile()) return `${file} exists and is not a regular file`;
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		// ENOTDIR: a parent is a file; reported below, by name.
		if (code !== 'ENOENT' && code !== 'ENOTDIR') return `${file} cannot be checked (${code})`;
	}

	let dir = path.dirname(file);
	for (;;) {
		try {
			if (!(await stat(dir)).isDirectory()) return `${dir} is not a directory`;
			break;
		} catch (error) {
			const parent = path.dirname(dir);
			const code = (error as NodeJS.ErrnoException).code;
			// ENOTDIR: a parent is a file; walking up finds it and names it.
			if (parent !== dir && code === 'ENOTDIR') {
				dir = parent;
				continue;
			}

			if (!options.createDirs || parent === dir || code !== 'ENOENT') return `the directory ${dir} does not exist`;
			dir = parent;
		}
	}

	try {
		// The file is written as a temp file in its directory (made first if need be), then renamed: the directory must be writable.
		await access(dir, constants.W_OK | constants.X_OK);
	} catch {
		return `the directory ${dir} is not writable`;
	}

	return undefined;
}
