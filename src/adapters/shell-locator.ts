/** Find the SQL shells on PATH, the way a shell would (first executable match wins). */
import {constants} from 'node:fs';
import {access} from 'node:fs/promises';
import path from 'node:path';
import {SHELLS, type ShellsFound} from '../core/setup.js';

/** Look up one command in a PATH string; undefined when absent. */
async function findOnPath(command: string, pathEnv = process.env.PATH ?? ''): Promise<string | undefined> {
	for (const dir of pathEnv.split(path.delimiter)) {
		if (!dir) continue;
		const candidate = path.join(dir, command);
		try {
			await access(candidate, constants.X_OK);
			return candidate;
		} catch {
			// Not here; keep looking.
		}
	}

	return undefined;
}

/** Where `cockroach` and `psql` are, if anywhere. */
export async function locateShells(pathEnv = process.env.PATH ?? ''): Promise<ShellsFound> {
	const found: ShellsFound = {};
	for (const shell of SHELLS) {
		const where = await findOnPath(shell, pathEnv);
		if (where) found[shell] = where;
	}

	return found;
}
