/**
CockroachDB's SQL username rules (pkg/security/username): normalisation and validation for creation.
Pure. See shared/reference/cert-and-url.md §4.
*/

/** The hint cockroach prints with every username error. */
export const USERNAME_HINT =
	'Usernames are case insensitive, must start with a letter, digit or underscore, may contain letters, digits, dashes, periods, or underscores, and must not exceed 63 characters.';

/** Longest username in bytes (UTF-8), as Go's len() counts. */
const MAX_USERNAME_BYTES = 63;

const VALID = /^[\p{Ll}0-9_][-\p{Ll}0-9_.]*$/u;

/** Lower-case as cockroach does (Turkish dotted/dotless I fold to `i`), then NFC when non-ASCII. */
export function normalizeSqlUsername(input: string): string {
	const lowered = [...input].map(c => (c === '\u0130' || c === '\u0131' ? 'i' : c.toLowerCase())).join('');
	// eslint-disable-next-line no-control-regex -- \x00-\x7F is the ASCII range, control characters included on purpose
	return /^[\x00-\x7F]*$/.test(lowered) ? lowered : lowered.normalize('NFC');
}

/** Why a normalised username cannot be created, or undefined when it can. */
export function sqlUsernameProblem(normalized: string): string | undefined {
	if (normalized.length === 0) return 'username is empty';
	if (Buffer.byteLength(normalized, 'utf8') > MAX_USERNAME_BYTES) return 'username is too long';
	if (!VALID.test(normalized)) return 'username is invalid';
	return undefined;
}

/** Validate raw input: the normalised name, or a one-line error carrying cockroach's hint. */
export function checkSqlUsername(input: string): {ok: true; username: string} | {ok: false; error: string} {
	const username = normalizeSqlUsername(input.trim());
	const problem = sqlUsernameProblem(username);
	return problem ? {ok: false, error: `${problem}. ${USERNAME_HINT}`} : {ok: true, username};
}
