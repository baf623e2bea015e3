/** Turning the paths people type into the absolute paths a URL must carry. Pure. */
import path from 'node:path';

/** Where relative paths and `~` are resolved from. */
export interface PathBase {
	cwd: string;
	home: string;
}

/**
Expand a leading `~` or `$HOME` and make the path absolute. A URL's `sslrootcert` is read by the client from
its own working directory, and `~` is never expanded inside a URL (user-pain.md #12), so we resolve here.
*/
export function resolveUserPath(input: string, base: PathBase): string {
	let text = input.trim();
	if (text === '~' || text.startsWith('~/')) text = base.home + text.slice(1);
	else if (text === '$HOME' || text.startsWith('$HOME/')) text = base.home + text.slice('$HOME'.length);
	return path.resolve(base.cwd, text);
}

/** Expand `$VAR` and `${VAR}` as Go's os.ExpandEnv does (unset variables become empty). */
export function expandEnv(text: string, env: NodeJS.ProcessEnv): string {
	return text.replace(/\$\{([^}]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_m, braced: string | undefined, bare: string | undefined) => env[braced ?? bare ?? ''] ?? '');
}
