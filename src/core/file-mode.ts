/** Unix permission checks for key files, with cockroach's and Go's wording. Pure. */

/** Format a permission mode the way Go's FileMode.String() does for a regular file: `-rw-r--r--`. */
export function formatFileMode(mode: number): string {
	const bits = 'rwxrwxrwx';
	let text = '-';
	for (let i = 0; i < 9; i++) text += mode & (1 << (8 - i)) ? bits[i] : '-';
	return text;
}

/**
The most a key file may allow (pkg/security permission check): 0740 when it is owned by root and by the
process's group, else 0700.
*/
export function maxKeyMode(owner: {uid: number; gid: number}, processGid: number): number {
	return owner.uid === 0 && owner.gid === processGid ? 0o740 : 0o700;
}

/** cockroach's refusal for a key whose permissions exceed the maximum, or undefined when they do not. */
export function keyPermissionProblem(path: string, mode: number, max: number): string | undefined {
	const perm = mode & 0o777;
	if ((perm & ~max) === 0) return undefined;
	return `key file ${path} has permissions ${formatFileMode(perm)}, exceeds ${formatFileMode(max)}`;
}

/**
libpq's rule for a client key (fe-secure-openssl.c): at most 0600, or 0640 when owned by root. Returns
libpq's own message when the mode is looser, with the fix.
*/
export function libpqKeyProblem(path: string, mode: number, ownerUid: number): string | undefined {
	const perm = mode & 0o777;
	const loose = ownerUid === 0 ? perm & 0o037 : perm & 0o077;
	if (!loose) return undefined;
	return `private key file "${path}" has group or world access (${formatFileMode(perm)}): run chmod 600 ${path}`;
}
