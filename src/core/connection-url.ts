/**
Building and parsing `postgresql://` connection URLs the way libpq and `cockroach sql` both read them.
Pure: no I/O. See shared/reference/cert-and-url.md §5.
*/
import {isSslMode, type SslMode} from './sslmode.js';

/** The parts of a connection URL this tool understands; everything else rides along in `params`. */
export interface ConnectionParts {
	host: string;
	port: number;
	user?: string;
	/** A secret: only ever put into a URL that goes into a child's environment. */
	password?: string;
	database?: string;
	sslmode?: SslMode;
	sslrootcert?: string;
	sslcert?: string;
	sslkey?: string;
	/** Other query parameters (`options`, `application_name`, …), kept in the order given. */
	params?: Record<string, string>;
}

/** What to do with the password when printing a URL. */
export type PasswordPolicy = 'include' | 'omit' | 'mask';

/** The default CockroachDB SQL port. */
export const DEFAULT_PORT = 26257;

/** The text shown in place of a password in masked URLs. */
export const PASSWORD_MASK = '****';

/**
Percent-encode every character outside RFC 3986's unreserved set.
`encodeURIComponent` leaves `! ' ( ) *` alone; CockroachDB's docs ask for `!` → `%21`, and a space must be
`%20` (never `+`, which libpq keeps literal while Go's parsers turn it into a space).
*/
export function encodeComponentStrict(text: string): string {
	return encodeURIComponent(text).replace(/[!'()*]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Like encodeComponentStrict, but leaves `/` readable: query values are often file paths, and `/` is legal there. */
function encodeQueryValue(text: string): string {
	return encodeComponentStrict(text).replace(/%2F/g, '/');
}

/** Bracket an IPv6 literal so it can stand before `:port`. */
export function formatHostForUrl(host: string): string {
	return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/** Query parameters that are secrets (the client key's passphrase): treated like the password everywhere. */
export const SECRET_PARAMS: readonly string[] = ['sslpassword'];

/** Whether a query parameter holds a secret (never printed, saved, or put in a child's argv). */
export function isSecretParam(key: string): boolean {
	return SECRET_PARAMS.includes(key.toLowerCase());
}

/** The parameters without the secret ones, for anything shown, saved or passed in argv. */
export function publicParams(params: Record<string, string> | undefined): Record<string, string> | undefined {
	if (!params) return undefined;
	const kept = Object.fromEntries(Object.entries(params).filter(([key]) => !isSecretParam(key)));
	return Object.keys(kept).length > 0 ? kept : undefined;
}

/** Assemble a URL from its parts; the query order is fixed so the same setup always prints the same URL. Secret parameters follow the password policy. */
export function buildConnectionUrl(parts: ConnectionParts, password: PasswordPolicy = 'omit'): string {
	let userinfo = '';
	if (parts.user) {
		userinfo = encodeComponentStrict(parts.user);
		if (parts.password !== undefined && password !== 'omit') {
			userinfo += ':' + (password === 'mask' ? PASSWORD_MASK : encodeComponentStrict(parts.password));
		}

		userinfo += '@';
	}

	const query: Array<[string, string]> = [];
	if (parts.sslmode) query.push(['sslmode', parts.sslmode]);
	if (parts.sslrootcert) query.push(['sslrootcert', parts.sslrootcert]);
	if (parts.sslcert) query.push(['sslcert', parts.sslcert]);
	if (parts.sslkey) query.push(['sslkey', parts.sslkey]);
	for (const [key, value] of Object.entries(parts.params ?? {})) {
		if (!isSecretParam(key) || password === 'include') query.push([key, value]);
		else if (password === 'mask') query.push([key, PASSWORD_MASK]);
	}

	const search = query.length === 0 ? '' : '?' + query.map(([k, v]) => `${encodeComponentStrict(k)}=${encodeQueryValue(v)}`).join('&');
	const database = encodeComponentStrict(parts.database ?? '');
	return `postgresql://${userinfo}${formatHostForUrl(parts.host)}:${parts.port}/${database}${search}`;
}

/** The outcome of parsing: the parts, or a one-line reason that tells the person what to fix. */
export type ParseResult = {ok: true; parts: ConnectionParts} | {ok: false; error: string};

const SCHEME = /^(?:jdbc:)?(postgres(?:ql)?):\/\//i;

function decode(text: string, what: string): string {
	try {
		return decodeURIComponent(text);
	} catch {
		throw new Error(`the ${what} has an invalid percent-encoding: write a literal % as %25`);
	}
}

/**
Parse a `postgresql://` or `postgres://` URL as libpq does: `%XX` is decoded, `+` stays a `+`, and
`user`/`password`/`host`/`port`/`ssl*` in the query override the authority. Never throws.
*/
export function parseConnectionUrl(input: string): ParseResult {
	const text = input.trim();
	try {
		const scheme = SCHEME.exec(text);
		if (!scheme) {
			return {ok: false, error: 'a connection string starts with postgresql:// (or postgres://); paste the whole string'};
		}

		const rest = text.slice(scheme[0].length);
		if (rest.includes('#')) {
			return {ok: false, error: "the string has a '#', which ends a URL: percent-encode it as %23 (passwords often hold one)"};
		}

		const queryStart = rest.indexOf('?');
		const beforeQuery = queryStart === -1 ? rest : rest.slice(0, queryStart);
		const queryText = queryStart === -1 ? '' : rest.slice(queryStart + 1);
		const pathStart = beforeQuery.indexOf('/');
		const authority = pathStart === -1 ? beforeQuery : beforeQuery.slice(0, pathStart);
		const path = pathStart === -1 ? '' : beforeQuery.slice(pathStart + 1);

		// The last '@' separates userinfo from the host: an unencoded '@' in a password stays in the password.
		const at = authority.lastIndexOf('@');
		const userinfo = at === -1 ? undefined : authority.slice(0, at);
		const hostport = at === -1 ? authority : authority.slice(at + 1);

		const parts: ConnectionParts = {host: '', port: DEFAULT_PORT};
		if (userinfo !== undefined) {
			const colon = userinfo.indexOf(':');
			const user = decode(colon === -1 ? userinfo : userinfo.slice(0, colon), 'user name');
			if (user) parts.user = user;
			if (colon !== -1) parts.password = decode(userinfo.slice(colon + 1), 'password');
		}

		const hp = splitHostPort(hostport);
		if ('error' in hp) return {ok: false, error: hp.error};
		parts.host = hp.host;
		if (hp.port !== undefined) parts.port = hp.port;
		if (path) parts.database = decode(path, 'database name');

		const params: Record<string, string> = {};
		for (const pair of queryText.split('&')) {
			if (!pair) continue;
			const eq = pair.indexOf('=');
			const key = decode(eq === -1 ? pair : pair.slice(0, eq), 'query');
			const value = decode(eq === -1 ? '' : pair.slice(eq + 1), `value of ${key}`);
			switch (key) {
				case 'user': parts.user = value; break;
				case 'password': parts.password = value; break;
				case 'host': parts.host = value; break;
				case 'port': {
					const port = parsePort(value);
					if (port === undefined) return {ok: false, error: `the port "${value}" is not a number from 1 to 65535`};
					parts.port = port;
					break;
				}

				case 'dbname': parts.database = value; break;
				case 'sslmode': {
					if (!isSslMode(value)) {
						return {ok: false, error: `unrecognized sslmode "${value}": use disable, require, verify-ca or verify-full`};
					}

					parts.sslmode = value;
					break;
				}

				case 'sslrootcert': parts.sslrootcert = value; break;
				case 'sslcert': parts.sslcert = value; break;
				case 'sslkey': parts.sslkey = value; break;
				default: params[key] = value;
			}
		}

		if (Object.keys(params).length > 0) parts.params = params;
		if (!parts.host) return {ok: false, error: 'the connection string names no host: it should look like postgresql://user@host:26257/defaultdb'};
		return {ok: true, parts};
	} catch (error) {
		return {ok: false, error: (error as Error).message};
	}
}

/** Parse a port number; undefined unless it is a whole number from 1 to 65535. */
export function parsePort(text: string): number | undefined {
	if (!/^\d{1,5}$/.test(text.trim())) return undefined;
	const port = Number(text);
	return port >= 1 && port <= 65_535 ? port : undefined;
}

/** Split `host`, `host:port`, `[v6]` or `[v6]:port`; a bare IPv6 literal is taken whole. */
export function splitHostPort(text: string): {host: string; port?: number} | {error: string} {
	if (text.startsWith('[')) {
		const close = text.indexOf(']');
		if (close === -1) return {error: `the host "${text}" opens a [ for an IPv6 address but never closes it`};
		const host = text.slice(1, close);
		const after = text.slice(close + 1);
		if (!after) return {host};
		if (!after.startsWith(':')) return {error: `unexpected text after the IPv6 address: "${after}"`};
		const port = parsePort(after.slice(1));
		return port === undefined ? {error: `the port "${after.slice(1)}" is not a number from 1 to 65535`} : {host, port};
	}

	const colons = (text.match(/:/g) ?? []).length;
	if (colons === 1) {
		const [host, portText] = text.split(':') as [string, string];
		const port = parsePort(portText);
		return port === undefined ? {error: `the port "${portText}" is not a number from 1 to 65535`} : {host, port};
	}

	return {host: text};
}
