/** Whether an address is this machine: the one place plain http:// (no TLS) is allowed. Pure. */

/** localhost, 127.0.0.0/8 or ::1 (with or without brackets). */
function isLoopbackHost(host: string): boolean {
	const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
	return bare === 'localhost' || bare === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare);
}

/** Whether a URL points at this machine. */
export function isLoopbackUrl(url: URL): boolean {
	return isLoopbackHost(url.hostname);
}
