/** Password rules for SQL users. Pure. */

/** CockroachDB Cloud's minimum length for a new SQL user's password. */
export const MIN_NEW_PASSWORD_LENGTH = 12;

/** Whether the password is for a user being created (length rule) or one that exists (any non-empty). */
export type PasswordPurpose = 'create' | 'existing';

/** Why the password is unacceptable, or undefined. Length counts characters, not bytes. */
export function passwordProblem(password: string, purpose: PasswordPurpose): string | undefined {
	if (password.length === 0) return 'the password is empty: type the SQL user\'s password';
	if (isPlaceholderPassword(password)) return `"${password}" looks like a placeholder from a copied string: type the real password`;
	if (purpose === 'create' && [...password].length < MIN_NEW_PASSWORD_LENGTH) {
		return `a new password needs at least ${MIN_NEW_PASSWORD_LENGTH} characters`;
	}

	return undefined;
}

/**
True for the stand-ins that copied connection strings carry instead of a password, e.g.
`<ENTER-SQL-USER-PASSWORD>` from the Console or `<password>` from docs.
*/
export function isPlaceholderPassword(password: string): boolean {
	return /^<[^<>]*>$/.test(password) || /ENTER-SQL-USER-PASSWORD/i.test(password);
}
