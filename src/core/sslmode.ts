/** libpq's sslmode values and what each one promises. Pure. */

/** Every sslmode libpq and `cockroach sql` accept. */
export const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;

/** One of SSL_MODES. */
export type SslMode = (typeof SSL_MODES)[number];

/** The modes the wizard offers, safest first; allow/prefer are accepted from pasted URLs but never suggested. */
export const OFFERED_SSL_MODES: ReadonlyArray<{value: SslMode; label: string}> = [
	{value: 'verify-full', label: 'verify-full — encrypt, check the CA and the host name (recommended)'},
	{value: 'verify-ca', label: 'verify-ca — encrypt and check the CA, not the host name'},
	{value: 'require', label: 'require — encrypt; libpq checks the CA only when one is given, node-postgres checks CA and host name'},
	{value: 'disable', label: 'disable — no TLS (only for an insecure local dev cluster)'},
];

/** Narrow a string to an SslMode. */
export function isSslMode(value: string): value is SslMode {
	return (SSL_MODES as readonly string[]).includes(value);
}

/** Whether the mode checks the server against a CA certificate, so the URL needs `sslrootcert`. */
export function verifiesServer(mode: SslMode): boolean {
	return mode === 'verify-ca' || mode === 'verify-full';
}
