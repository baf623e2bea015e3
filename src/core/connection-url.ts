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
const PASSWORD_MASK = '****';

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
const SECRET_PARAMS: readonly string[] = ['sslpassword'];

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

// ---------------------------------------------------------------------------------------------------
// libpq's own reading of a connection string (fe-connect.c: conninfo_uri_parse_options,
// conninfo_uri_parse_params, conninfo_uri_decode, conninfo_parse), rule for rule. The doctor uses it so that
// it accepts exactly what psql accepts and fails where psql fails, with libpq's own error texts; a property
// test compares it with libpq's PQconninfoParse (through psycopg2's parse_dsn). Written from libpq's
// documented behaviour and observed answers, not copied.
// ---------------------------------------------------------------------------------------------------

/** Every keyword libpq 17 knows. A URI query or key=value pair with any other keyword is an error. */
export const LIBPQ_KEYWORDS: readonly string[] = [
	'service', 'user', 'password', 'passfile', 'channel_binding', 'connect_timeout', 'dbname', 'host', 'hostaddr', 'port',
	'client_encoding', 'options', 'application_name', 'fallback_application_name', 'keepalives', 'keepalives_idle',
	'keepalives_interval', 'keepalives_count', 'tcp_user_timeout', 'sslmode', 'sslnegotiation', 'sslcompression', 'sslcert', 'sslkey',
	'sslcertmode', 'sslpassword', 'sslrootcert', 'sslcrl', 'sslcrldir', 'sslsni', 'requirepeer', 'require_auth',
	'ssl_min_protocol_version', 'ssl_max_protocol_version', 'gssencmode', 'krbsrvname', 'gsslib', 'gssdelegation',
	'target_session_attrs', 'load_balance_hosts', 'replication',
];

/** libpq's answer: its keyword → value map (only what was given), or its error text. */
export type ConninfoResult = {ok: true; values: Record<string, string>} | {ok: false; error: string};

const HEX = /^[0-9a-fA-F]$/;

/** conninfo_uri_decode: `%XX` only, `+` stays, `%00` forbidden; errors quote the whole token. */
function libpqDecode(token: string): string {
	const bytes: number[] = [];
	const raw = Buffer.from(token, 'utf8');
	for (let i = 0; i < raw.length; i++) {
		const c = raw[i]!;
		if (c !== 0x25) {
			bytes.push(c);
			continue;
		}

		const hi = String.fromCharCode(raw[i + 1] ?? 0);
		const lo = String.fromCharCode(raw[i + 2] ?? 0);
		if (!HEX.test(hi) || !HEX.test(lo)) throw new Error(`invalid percent-encoded token: "${token}"`);
		const value = Number.parseInt(hi + lo, 16);
		if (value === 0) throw new Error(`forbidden value %00 in percent-encoded value: "${token}"`);
		bytes.push(value);
		i += 2;
	}

	return Buffer.from(bytes).toString('utf8');
}

/** Parse a connection string exactly as libpq's PQconninfoParse does: a URI or key=value pairs. Never throws. */
export function parseConninfo(text: string): ConninfoResult {
	try {
		const prefix = text.startsWith('postgresql://') ? 13 : text.startsWith('postgres://') ? 11 : 0;
		return {ok: true, values: prefix ? parseLibpqUri(text, prefix) : parseKeywordValue(text)};
	} catch (error) {
		return {ok: false, error: (error as Error).message};
	}
}

function store(values: Record<string, string>, keyword: string, value: string, uri: boolean): void {
	if (!LIBPQ_KEYWORDS.includes(keyword)) throw new Error(uri ? `invalid URI query parameter: "${keyword}"` : `invalid connection option "${keyword}"`);
	values[keyword] = value;
}

function parseLibpqUri(uri: string, prefixLength: number): Record<string, string> {
	const values: Record<string, string> = {};
	let p = prefixLength;
	const at = (i: number) => uri[i] ?? '';
	// User info ends at the first '@' before any '/': a '?' does not stop the look-ahead.
	let look = p;
	while (at(look) && at(look) !== '@' && at(look) !== '/') look++;
	if (at(look) === '@') {
		const start = p;
		while (at(p) !== ':' && at(p) !== '@') p++;
		const user = uri.slice(start, p);
		if (user) store(values, 'user', libpqDecode(user), true);
		if (at(p) === ':') {
			const passwordStart = ++p;
			while (at(p) !== '@') p++;
			const password = uri.slice(passwordStart, p);
			if (password) store(values, 'password', libpqDecode(password), true);
		}

		p++;
	}

	// One or more hosts, each with an optional port, separated by ','.
	const hosts: string[] = [];
	const ports: string[] = [];
	let stop: string;
	for (;;) {
		let host: string;
		if (at(p) === '[') {
			const start = ++p;
			while (at(p) && at(p) !== ']') p++;
			if (!at(p)) throw new Error(`end of string reached when looking for matching "]" in IPv6 host address in URI: "${uri}"`);
			if (p === start) throw new Error(`IPv6 host address may not be empty in URI: "${uri}"`);
			host = uri.slice(start, p);
			p++;
			// libpq prints one byte here, so a non-ASCII character shows as a broken byte.
			if (at(p) && !':/?,'.includes(at(p))) throw new Error(`unexpected character "${at(p) < '\x80' ? at(p) : '\uFFFD'}" at position ${Buffer.byteLength(uri.slice(0, p)) + 1} in URI (expected ":" or "/"): "${uri}"`);
		} else {
			const start = p;
			while (at(p) && !':/?,'.includes(at(p))) p++;
			host = uri.slice(start, p);
		}

		hosts.push(host);
		stop = at(p);
		let port = '';
		if (stop === ':') {
			const start = ++p;
			while (at(p) && !'/?,'.includes(at(p))) p++;
			port = uri.slice(start, p);
			stop = at(p);
		}

		ports.push(port);
		if (stop !== ',') break;
		p++;
	}

	const hostText = hosts.join(',');
	const portText = ports.join(',');
	if (hostText) store(values, 'host', libpqDecode(hostText), true);
	if (portText) store(values, 'port', libpqDecode(portText), true);

	if (stop && stop !== '?') {
		const start = ++p;
		while (at(p) && at(p) !== '?') p++;
		const dbname = uri.slice(start, p);
		if (dbname) store(values, 'dbname', libpqDecode(dbname), true);
		stop = at(p);
	}

	if (stop) parseUriParams(uri.slice(p + 1), values);
	return values;
}

function parseUriParams(params: string, values: Record<string, string>): void {
	let p = 0;
	while (p < params.length) {
		const start = p;
		let eq = -1;
		for (;;) {
			const c = params[p] ?? '';
			if (c === '=') {
				if (eq !== -1) throw new Error(`extra key/value separator "=" in URI query parameter: "${params.slice(start, eq)}"`);
				eq = p++;
			} else if (c === '&' || c === '') {
				if (eq === -1) throw new Error(`missing key/value separator "=" in URI query parameter: "${params.slice(start, p)}"`);
				break;
			} else {
				p++;
			}
		}

		let keyword = libpqDecode(params.slice(start, eq));
		let value = libpqDecode(params.slice(eq + 1, p));
		// libpq's JDBC compatibility: ssl=true means sslmode=require.
		if (keyword === 'ssl' && value === 'true') {
			keyword = 'sslmode';
			value = 'require';
		}

		store(values, keyword, value, true);
		if (params[p] === '&') p++;
	}
}

/** conninfo_parse: `key = value` pairs separated by white space; values may be single-quoted with \ escapes. */
function parseKeywordValue(text: string): Record<string, string> {
	const values: Record<string, string> = {};
	const space = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';
	let p = 0;
	while (p < text.length) {
		if (space(text[p]!)) {
			p++;
			continue;
		}

		const start = p;
		while (p < text.length && text[p] !== '=' && !space(text[p]!)) p++;
		const keyword = text.slice(start, p);
		while (p < text.length && space(text[p]!)) p++;
		if (text[p] !== '=') throw new Error(`missing "=" after "${keyword}" in connection info string`);
		p++;
		while (p < text.length && space(text[p]!)) p++;
		let value = '';
		if (text[p] === "'") {
			p++;
			for (;;) {
				if (p >= text.length) throw new Error('unterminated quoted string in connection info string');
				const c = text[p]!;
				if (c === '\\') {
					p++;
					if (p < text.length) value += text[p++];
				} else if (c === "'") {
					p++;
					break;
				} else {
					value += c;
					p++;
				}
			}
		} else {
			while (p < text.length && !space(text[p]!)) {
				if (text[p] === '\\') {
					// A backslash takes the next character literally; a trailing one is dropped.
					p++;
					if (p < text.length) value += text[p++];
				} else {
					value += text[p++];
				}
			}
		}

		store(values, keyword, value, false);
	}

	return values;
}
