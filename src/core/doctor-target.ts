/**
What the doctor will connect to, settled the way libpq settles it: the connection string (parsed by
parseConninfo), then the PG* environment variables, then libpq's defaults, each value with where it came
from. Also what other clients (cockroach sql, node-postgres, pgjdbc) would read differently. Pure.
*/
import {LIBPQ_KEYWORDS, parseConninfo} from './connection-url.js';
import {isPlaceholderPassword} from './password.js';
import {isSslMode, type SslMode} from './sslmode.js';

/** A value and where it came from ("the URL", "PGHOST", "libpq's default", "--password-env PW"). */
export interface Sourced<T> {
	value: T;
	source: string;
}

/** One host:port that libpq would try, in order. */
export interface HostPort {
	host: string;
	port: number;
}

/** Everything the doctor's stages need, as libpq would use it. */
export interface DoctorTarget {
	hosts: HostPort[];
	hostSource: string;
	portSource: string;
	user: Sourced<string>;
	/** A secret: never printed, never put in a report. */
	password?: Sourced<string>;
	database: Sourced<string>;
	sslmode: Sourced<SslMode>;
	sslrootcert?: Sourced<string>;
	sslcert?: Sourced<string>;
	sslkey?: Sourced<string>;
	/** A secret (the client key's passphrase): never printed. */
	sslpassword?: Sourced<string>;
	/** Sent to the server in the startup packet (e.g. `--cluster=<routing-id>`). */
	options?: Sourced<string>;
	applicationName?: string;
}

/** The outcome: a target with warnings, or a failure that says what is wrong and what to do. */
export type TargetResult = {ok: true; target: DoctorTarget; warnings: string[]} | {ok: false; error: string};

/** Facts about this machine that libpq's defaults depend on. */
export interface TargetContext {
	env: NodeJS.ProcessEnv;
	/** The OS user name (libpq's default user). */
	osUser: string;
	/** An explicit password (from --password-env NAME), which wins over the URL and PGPASSWORD. */
	password?: Sourced<string>;
	/** An explicit client-key passphrase, which wins over the URL's sslpassword. */
	sslpassword?: Sourced<string>;
}

/** libpq's default port. CockroachDB listens on 26257. */
const LIBPQ_DEFAULT_PORT = 5432;

/** Query parameters that `cockroach sql` accepts but libpq (psql) refuses. */
const COCKROACH_ONLY = ['results_buffer_size'];

/** The libpq keyword closest to a misspelt one (edit distance ≤ 3), for "did you mean". */
export function closestKeyword(word: string): string | undefined {
	let best: {keyword: string; distance: number} | undefined;
	for (const keyword of LIBPQ_KEYWORDS) {
		const distance = editDistance(word.toLowerCase(), keyword);
		if (distance <= 3 && (!best || distance < best.distance)) best = {keyword, distance};
	}

	// A prefix of a keyword (sslroot → sslrootcert) beats raw distance.
	return LIBPQ_KEYWORDS.find(k => word.length >= 4 && k.startsWith(word.toLowerCase())) ?? best?.keyword;
}

function editDistance(a: string, b: string): number {
	const row = Array.from({length: b.length + 1}, (_, i) => i);
	for (let i = 1; i <= a.length; i++) {
		let previous = row[0]!;
		row[0] = i;
		for (let j = 1; j <= b.length; j++) {
			const current = row[j]!;
			row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
			previous = current;
		}
	}

	return row[b.length]!;
}

/** libpq's parse error, with the real cause and fix in front of it. */
function explainParseError(text: string, error: string): string {
	const libpq = `(libpq: ${error})`;
	if (/%APPDATA%|%USERPROFILE%|%HOMEPATH%/i.test(text)) {
		return `%APPDATA% is Windows cmd syntax and is never expanded inside a connection string: write the absolute path (e.g. C:/Users/you/AppData/Roaming/postgresql/root.crt) ${libpq}`;
	}

	let m = /^extra key\/value separator "=" in URI query parameter: "(.*)"$/.exec(error);
	if (m) {
		return m[1] === 'options'
			? `options=--cluster=… has an unencoded "=" that psql refuses: write it as options=--cluster%3D<routing-id> ${libpq}`
			: `the value of ${m[1]} holds an unencoded "=": write it as %3D ${libpq}`;
	}

	m = /^invalid URI query parameter: "(.*)"$/.exec(error);
	if (m) {
		const word = m[1]!;
		if (COCKROACH_ONLY.includes(word)) return `${word} is a cockroach sql parameter that psql and libpq refuse: drop it from strings meant for other clients ${libpq}`;
		const guess = closestKeyword(word);
		return `"${word}" is not a connection parameter${guess ? `: did you mean ${guess}?` : ''} (psql refuses the whole string; cockroach sql would send it to the server, which refuses it too) ${libpq}`;
	}

	if (/percent-encoded/.test(error)) return `a "%" in the string does not start a %XX escape: write a literal % as %25 (passwords often hold one) ${libpq}`;
	if (/^missing "=" after/.test(error)) {
		if (/^[a-z]+:\/\//i.test(text)) return `libpq reads only URLs that start with postgresql:// or postgres:// in lower case (jdbc: and upper case are for other clients) ${libpq}`;
		return `the string is neither a postgresql:// URL nor key=value pairs ${libpq}`;
	}

	return `the connection string does not parse: ${error}`;
}

/** Parse the string and settle every value as libpq would, naming each value's source. */
export function resolveTarget(text: string, context: TargetContext): TargetResult {
	const input = text.trim();
	const parsed = parseConninfo(input);
	if (!parsed.ok) return {ok: false, error: explainParseError(input, parsed.error)};
	const values = parsed.values;
	const {env} = context;
	const warnings: string[] = [];
	const pick = (keyword: string, envName?: string): Sourced<string> | undefined => {
		if (values[keyword] !== undefined) return {value: values[keyword]!, source: 'the URL'};
		if (envName && env[envName] !== undefined && env[envName] !== '') return {value: env[envName]!, source: envName};
		return undefined;
	};

	// Hosts and ports: comma-separated lists, one port for all or one per host (libpq's rule).
	const host = pick('host', 'PGHOST');
	if (!host || host.value === '') return {ok: false, error: 'the connection string names no host (and PGHOST is not set): it should look like postgresql://user@host:26257/defaultdb'};
	const hostNames = host.value.split(',');
	if (hostNames.some(h => h.includes('@'))) {
		return {ok: false, error: `the host "${hostNames.find(h => h.includes('@'))}" holds an "@": the password has an unencoded @ (libpq splits at the first one); write it as %40, or pass the password with --password-env NAME`};
	}

	if (values.dbname?.includes('@')) {
		return {ok: false, error: 'the database name holds an "@": the user or password has an unencoded "/" (libpq ends the user info at it); write / as %2F, or pass the password with --password-env NAME'};
	}

	if (hostNames.some(h => h === '')) return {ok: false, error: `the host list "${host.value}" has an empty entry: remove the stray comma`};
	const port = pick('port', 'PGPORT');
	const portTexts = port ? port.value.split(',') : [''];
	if (portTexts.length !== 1 && portTexts.length !== hostNames.length) {
		return {ok: false, error: `could not match ${portTexts.length} port numbers to ${hostNames.length} hosts: give one port for all, or one per host`};
	}

	const hosts: HostPort[] = [];
	for (const [i, name] of hostNames.entries()) {
		const portText = (portTexts.length === 1 ? portTexts[0]! : portTexts[i]!).trim();
		let number = LIBPQ_DEFAULT_PORT;
		if (portText !== '') {
			if (!/^\d+$/.test(portText)) {
				if (port?.source === 'the URL' && /[^\d]/.test(portText) && (values.password === undefined)) {
					return {ok: false, error: `invalid integer value "${portText}" for connection option "port": if that is part of a password, it has an unencoded "/" or ":" — percent-encode it (%2F, %3A) or use --password-env NAME`};
				}

				return {ok: false, error: `invalid integer value "${portText}" for connection option "port" (from ${port?.source ?? 'the URL'})`};
			}

			number = Number(portText);
			if (number < 1 || number > 65_535) return {ok: false, error: `invalid port number: "${portText}": give a port from 1 to 65535`};
		}

		hosts.push({host: name, port: number});
	}

	if (!port) warnings.push(`no port: psql and libpq use ${LIBPQ_DEFAULT_PORT}, cockroach sql uses 26257 — CockroachDB listens on 26257, so write :26257`);

	const user = pick('user', 'PGUSER') ?? {value: context.osUser, source: "your OS user name (libpq's default)"};
	if (user.value === '') return {ok: false, error: 'the user name is empty: write it before the host, as postgresql://<user>@host:26257/defaultdb'};
	const password = context.password ?? pick('password', 'PGPASSWORD');
	if (password && isPlaceholderPassword(password.value)) {
		return {ok: false, error: `the password (from ${password.source}) is the placeholder "${password.value}" from a copied string: put the real password in (percent-encoded) or pass it with --password-env`};
	}

	const database = pick('dbname', 'PGDATABASE') ?? {value: user.value, source: "the user name (libpq's default)"};
	if (database.source.startsWith('the user name')) warnings.push(`no database: psql connects to the database named like the user ("${user.value}"), cockroach sql to defaultdb — write /defaultdb`);

	const sslrootcert = pick('sslrootcert', 'PGSSLROOTCERT');
	const modeText = pick('sslmode', 'PGSSLMODE');
	let sslmode: Sourced<SslMode>;
	if (modeText) {
		if (!isSslMode(modeText.value)) return {ok: false, error: `invalid sslmode value: "${modeText.value}" (from ${modeText.source}): use verify-full (or disable, allow, prefer, require, verify-ca)`};
		sslmode = {value: modeText.value, source: modeText.source};
	} else if (sslrootcert?.value === 'system') {
		sslmode = {value: 'verify-full', source: "libpq's default with sslrootcert=system"};
	} else {
		sslmode = {value: 'prefer', source: "libpq's default"};
		warnings.push('no sslmode: libpq assumes prefer (tries TLS without checking the server, may fall back to plain text); cockroach sql assumes verify-full — write sslmode=verify-full');
	}

	if (sslrootcert?.value === 'system' && sslmode.value !== 'verify-full') {
		return {ok: false, error: `weak sslmode "${sslmode.value}" may not be used with sslrootcert=system (use "verify-full")`};
	}

	const target: DoctorTarget = {hosts, hostSource: host.source, portSource: port?.source ?? "libpq's default", user, database, sslmode};
	if (password) target.password = password;
	if (sslrootcert) target.sslrootcert = sslrootcert;
	const sslcert = pick('sslcert', 'PGSSLCERT');
	const sslkey = pick('sslkey', 'PGSSLKEY');
	if (sslcert) target.sslcert = sslcert;
	if (sslkey) target.sslkey = sslkey;
	const sslpassword = context.sslpassword ?? pick('sslpassword');
	if (sslpassword) target.sslpassword = sslpassword;
	const options = pick('options', 'PGOPTIONS');
	if (options) target.options = options;
	const app = pick('application_name', 'PGAPPNAME');
	if (app) target.applicationName = app.value;

	for (const [name, value] of [['sslrootcert', sslrootcert], ['sslcert', sslcert], ['sslkey', sslkey]] as const) {
		if (!value) continue;
		if (/^~|\$HOME|\$env:/i.test(value.value)) return {ok: false, error: `${name}=${value.value}: "~" and $HOME are not expanded inside a connection string; write the absolute path`};
		if (value.value !== 'system' && !value.value.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(value.value)) {
			warnings.push(`${name}=${value.value} is relative: each client resolves it from its own working directory; an absolute path is safer`);
		}
	}

	// libpq sends a client certificate only inside TLS: under disable it is ignored, and a login that needs it fails.
	if ((sslcert || sslkey) && sslmode.value === 'disable') warnings.push('sslcert/sslkey are not used under sslmode=disable: a client certificate is sent only over TLS — to sign in with it, write sslmode=verify-full and the cluster\'s CA (sslrootcert=…)');
	if (Boolean(sslcert) !== Boolean(sslkey)) warnings.push(`only ${sslcert ? 'sslcert' : 'sslkey'} is given: libpq then looks for the other in ~/.postgresql/; give both`);
	warnings.push(...otherClients(input, target));
	return {ok: true, target, warnings};
}

/** Where node-postgres, cockroach sql (Go) and pgjdbc read the same string differently. */
function otherClients(text: string, target: DoctorTarget): string[] {
	const notes: string[] = [];
	const mode = target.sslmode.value;
	if (mode === 'prefer' || mode === 'require' || mode === 'verify-ca') {
		notes.push(`node-postgres treats sslmode=${mode} as verify-full (it checks the CA and the host name), so an app using this string may refuse a server that psql accepts`);
	}

	if (target.sslrootcert?.value === 'system') notes.push('node-postgres reads sslrootcert=system as a file called "system" (ENOENT) and cockroach sql does too: for them leave sslrootcert out (they use the system store)');
	if (target.hosts.length > 1) notes.push('node-postgres reads a host list as one host name; psql, pgx and pgjdbc try each host in order');
	if (text.includes('#')) notes.push('the string holds a "#": cockroach sql and other Go clients cut the URL there (it starts a fragment); write it as %23');
	if (/^postgres(ql)?:\/\/[^/]*\?[^/]*@/.test(text)) notes.push('the user info holds a "?": libpq reads it as part of the password, but Go and node clients end the host there; write it as %3F');
	if (text.includes('+') && /^postgres/.test(text)) notes.push('the string holds a "+": libpq keeps it, but Go clients (cockroach sql) read it as a space in query values; write it as %2B');
	// pgjdbc (and the GUI tools built on it).
	if (/^postgres(ql)?:\/\/[^/?@:]*:[^/@]*@/.test(text)) notes.push('pgjdbc (DBeaver, DataGrip) ignores user:password@ in the URL: for JDBC give user= and password= as parameters');
	if (target.sslkey && !/\.(pk8|p12|pfx)$/i.test(target.sslkey.value)) notes.push(`pgjdbc reads client keys as PKCS#8 DER (.pk8) or PKCS#12, not ${target.sslkey.value}: for JDBC convert it (openssl pkcs8 -topk8 -outform DER -nocrypt -in ${target.sslkey.value} -out client.key.pk8, or cockroach cert create-client --also-generate-pkcs8-key)`);
	if (target.options?.value.includes(' ') && /options=[^&]*\+/.test(text)) notes.push('options uses "+" for spaces: libpq and JDBC need %20');
	return notes;
}
