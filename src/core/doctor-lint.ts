/**
What `doctor` can tell from the connection string alone, before dialling anything (user-pain.md, "lint
before dialling"). Pure.
*/
import type {ConnectionParts} from './connection-url.js';
import {isPlaceholderPassword} from './password.js';
import {verifiesServer} from './sslmode.js';

/** One finding: a failure stops the doctor; a warning is shown and the checks go on. */
export interface LintFinding {
	level: 'fail' | 'warn';
	message: string;
}

const LOCAL = /^(localhost|127\.\d+\.\d+\.\d+|::1)$/;

/** Problems in the URL's parts that any client would hit. */
export function lintConnection(parts: ConnectionParts): LintFinding[] {
	const findings: LintFinding[] = [];
	const fail = (message: string) => findings.push({level: 'fail', message});
	const warn = (message: string) => findings.push({level: 'warn', message});
	if (!parts.user) fail('the URL names no user: write it before the host, as postgresql://<user>@host:26257/defaultdb');
	if (parts.password !== undefined && isPlaceholderPassword(parts.password)) {
		fail(`the password is the placeholder "${parts.password}" from a copied string: put the real password in (percent-encoded) or pass it with --password-env`);
	}

	for (const [name, value] of [['sslrootcert', parts.sslrootcert], ['sslcert', parts.sslcert], ['sslkey', parts.sslkey]] as const) {
		if (!value) continue;
		if (/^~|\$HOME|%APPDATA%|\$env:/i.test(value)) fail(`${name}=${value}: "~", $HOME and %APPDATA% are not expanded inside a URL; write the absolute path`);
		else if (value !== 'system' && !value.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(value)) warn(`${name}=${value} is relative: each client resolves it from its own working directory; an absolute path is safer`);
	}

	if (Boolean(parts.sslcert) !== Boolean(parts.sslkey)) fail('the URL has one of sslcert and sslkey without the other: a client certificate needs both');
	const mode = parts.sslmode;
	if (mode === undefined) warn('no sslmode: cockroach sql assumes verify-full, libpq and most drivers assume prefer; say sslmode=verify-full');
	if (mode === 'disable' && !LOCAL.test(parts.host)) warn(`sslmode=disable sends the password in clear text to ${parts.host}, and a secure cluster refuses it`);
	if (mode === 'allow' || mode === 'prefer') warn(`sslmode=${mode} may fall back to plain text; cockroach recommends verify-full`);
	if (mode !== undefined && verifiesServer(mode) && !parts.sslrootcert) {
		warn('no sslrootcert: libpq falls back to ~/.postgresql/root.crt and cockroach to its certs directory or the system store; name the CA file explicitly');
	}

	if (parts.sslrootcert === 'system') warn('sslrootcert=system needs libpq 16 or later; node-postgres and cockroach read it as a file name');
	return findings;
}
