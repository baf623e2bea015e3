/**
`doctor`'s stages, run in order and stopping at the first failure: parse → files → DNS → TCP → TLS →
login → SELECT version() → database, then (for a CockroachDB Cloud host) what the Cloud knows. The
connection string is read as libpq reads it (core/doctor-target.ts); every network step, statements
included, is bounded by the timeout; each failure goes through one classifier (core/connect-errors.ts).
Each check is reported as it finishes, so a front-end can stream it.
*/
import {createPrivateKey, X509Certificate} from 'node:crypto';
import {lookup as dnsLookup} from 'node:dns/promises';
import {stat} from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import type {ConnectionOptions} from 'node:tls';
import {pemCertificates} from '../core/ca-bundle.js';
import {classifyConnectError, isCloudHost, type ConnectTarget, type HostOrigin, type RawConnectError} from '../core/connect-errors.js';
import {buildConnectionUrl, parseConnectionUrl} from '../core/connection-url.js';
import type {DoctorCheck} from '../core/doctor-report.js';
import {resolveTarget, type DoctorTarget, type HostPort} from '../core/doctor-target.js';
import {libpqKeyProblem} from '../core/file-mode.js';
import {printable} from '../core/printable.js';
import {normalizeSqlUsername} from '../core/sql-username.js';
import type {Session} from '../adapters/pg-connection.js';
import {FileReadError, readRegularFile} from '../adapters/regular-file.js';
import {probeTls, SERVER_AUTH_OID, TlsProbeError} from '../adapters/tls-probe.js';
import {connectSocket} from '../adapters/tcp-probe.js';
import type {CloudFacts} from './cloud-facts.js';

/** Resolves a host name to addresses (tests pass one that answers without a DNS server). */
export type Resolver = (host: string) => Promise<string[]>;

/** What the checks need from outside. */
export interface DoctorOptions {
	/** Bounds every network step: DNS, TCP, TLS, the login and each statement. */
	timeoutMs: number;
	resolve?: Resolver;
	now?: () => Date;
	/** The environment libpq would read (PGHOST, PGPASSWORD, PGSSLMODE, …) and HOME; none by default. */
	env?: NodeJS.ProcessEnv;
	/** Where the explicit password came from, e.g. "--password-env PW". */
	passwordSource?: string;
	/** The client key's passphrase when the caller holds it apart from the URL (the wizard does). */
	sslpassword?: string;
	/** Called as each check finishes (streaming output). */
	onCheck?: (check: DoctorCheck) => void;
	/** Called as each check starts (a spinner). */
	onStart?: (id: string, title: string) => void;
	/** Where the host came from (the wizard knows; a connection string alone does not say), for the advice on a failure. */
	origin?: HostOrigin;
	/** Reads what CockroachDB Cloud knows about a Cloud host (public IP, allowlist, state, users). */
	cloudFacts?: (host: string, user: string) => Promise<CloudFacts>;
}

/** A CA, certificate or key file: only a regular file of at most 1 MB (a FIFO would hang, /dev/zero grow without bound). */
const readPem = (file: string) => readRegularFile(file, 1024 * 1024);

const systemResolver: Resolver = async host => (await dnsLookup(host, {all: true})).map(a => a.address);
const CLIENT_AUTH_OID = '1.3.6.1.5.5.7.3.2';

/** A failed stage: the message, and the classifier row and server HINT when there are. */
class StageFailure extends Error {
	constructor(message: string, readonly notes: string[] = [], readonly diagnosis?: {rule: string; source: string}) {
		super(message);
	}
}

type Outcome = {detail: string; notes?: string[]; status?: 'pass' | 'warn' | 'skip'};

interface State {
	target?: DoctorTarget;
	/** Addresses per host, in the target's order. */
	addresses?: Array<{host: HostPort; addresses: string[]}>;
	/** The host and address that accepted the TCP connection (libpq tries each in order). */
	reached?: {host: HostPort; address: string};
	/** The CA text the client trusts (sslrootcert, or libpq's default ~/.postgresql/root.crt), if any. */
	ca?: {text?: string; file: string; system?: boolean};
	session?: Session;
}

/** Run every stage; the list ends at the first failure, with the rest marked skipped (the Cloud stage always runs). */
export async function runDoctor(url: string, password: string | undefined, options: DoctorOptions): Promise<DoctorCheck[]> {
	const resolve = options.resolve ?? systemResolver;
	const now = options.now ?? (() => new Date());
	const env = options.env ?? {};
	const checks: DoctorCheck[] = [];
	const state: State = {};
	const timeoutSeconds = options.timeoutMs / 1000;
	// Text from the server, the Cloud API and files (errors, HINTs, versions, certificate names) reaches the
	// terminal, --json and --report only without escape sequences, control characters and bidi overrides.
	const push = (raw: DoctorCheck) => {
		const check: DoctorCheck = {...raw, detail: printable(raw.detail), ...(raw.notes ? {notes: raw.notes.map(note => printable(note))} : {})};
		checks.push(check);
		options.onCheck?.(check);
	};

	const connectTarget = (host?: HostPort): ConnectTarget => {
		const t = state.target!;
		const at = host ?? state.reached?.host ?? t.hosts[0]!;
		return {host: at.host, port: at.port, user: t.user.value, database: t.database.value, sslrootcert: t.sslrootcert?.value, sslcert: t.sslcert?.value, timeoutSeconds, passwordSource: t.password?.source, readsPgpassword: options.env !== undefined, origin: options.origin};
	};

	const fail = (raw: RawConnectError, host?: HostPort): StageFailure => {
		const diagnosis = classifyConnectError(raw, connectTarget(host));
		const notes = raw.hint ? [`HINT from the server: ${raw.hint.replace(/\s*\n\s*/g, ' ').trim()}`] : [];
		if (diagnosis.rule === 'unclassified') notes.push(`raw error: ${raw.code ? `${raw.code} ` : ''}${raw.message.split('\n')[0]}`);
		return new StageFailure(diagnosis.text, notes, {rule: diagnosis.rule, source: diagnosis.source});
	};

	const stage = async (id: string, title: string, run: () => Promise<Outcome>) => {
		options.onStart?.(id, title);
		const started = performance.now();
		try {
			const outcome = await run();
			push({id, title, status: outcome.status ?? 'pass', ms: performance.now() - started, detail: outcome.detail, ...(outcome.notes?.length ? {notes: outcome.notes} : {})});
		} catch (error) {
			const failure = error instanceof StageFailure ? error : new StageFailure((error as Error).message);
			push({id, title, status: 'fail', ms: performance.now() - started, detail: failure.message, ...(failure.notes.length ? {notes: failure.notes} : {}), ...(failure.diagnosis ? {diagnosis: failure.diagnosis} : {})});
			throw failure;
		}
	};

	const plan: Array<[string, string, () => Promise<Outcome>]> = [
		['parse', 'Parse the connection string', async () => {
			const resolved = resolveTarget(url, {env, osUser: osUser(), password: password === undefined ? undefined : {value: password, source: options.passwordSource ?? 'the password question or --password-env'}, ...(options.sslpassword === undefined ? {} : {sslpassword: {value: options.sslpassword, source: 'the passphrase given'}})});
			if (!resolved.ok) throw new StageFailure(resolved.error);
			const t = resolved.target;
			state.target = t;
			const hosts = t.hosts.map(h => `${h.host}:${h.port}`).join(', ');
			const detail = `user ${t.user.value} (${t.user.source}), host ${hosts} (${t.hostSource}${t.portSource === t.hostSource ? '' : `; port: ${t.portSource}`}), database ${t.database.value} (${t.database.source}), sslmode ${t.sslmode.value} (${t.sslmode.source}), ${t.password ? `password from ${t.password.source}` : 'no password'}${t.options ? `, options "${t.options.value}" (${t.options.source})` : ''}`;
			return {status: resolved.warnings.length ? 'warn' : 'pass', detail, notes: resolved.warnings};
		}],
		['files', 'Check the certificate files', () => checkFiles(state, env, now())],
		['dns', 'Resolve the host name', async () => {
			const t = state.target!;
			state.addresses = [];
			const failures: StageFailure[] = [];
			for (const host of t.hosts) {
				if (net.isIP(host.host)) {
					state.addresses.push({host, addresses: [host.host]});
					continue;
				}

				try {
					state.addresses.push({host, addresses: await withDeadline(resolve(host.host), options.timeoutMs, 'EAI_AGAIN')});
				} catch (error) {
					const e = error as NodeJS.ErrnoException;
					failures.push(fail({code: e.code ?? 'ENOTFOUND', message: e.message, stage: 'dns'}, host));
				}
			}

			if (state.addresses.length === 0) throw failures[0]!;
			const lines = state.addresses.map(a => (net.isIP(a.host.host) ? `${a.host.host} is an address` : `${a.host.host} → ${a.addresses.join(', ')}`));
			return {status: failures.length ? 'warn' : 'pass', detail: lines.join('; '), notes: failures.map(f => f.message)};
		}],
		['tcp', 'Connect over TCP', async () => {
			// libpq tries each host (and each of its addresses) in order and uses the first that answers.
			const tried: string[] = [];
			let first: StageFailure | undefined;
			for (const {host, addresses} of state.addresses!) {
				for (const address of addresses) {
					try {
						const socket = await connectSocket({host: address, port: host.port, timeoutMs: options.timeoutMs, target: connectTarget(host), raw: true});
						socket.destroy();
						state.reached = {host, address};
						return {detail: `${address}:${host.port}${address === host.host ? '' : ` (${host.host})`} accepted the connection`, notes: tried};
					} catch (error) {
						const failure = fail({...(error as RawConnectError), stage: 'tcp'}, host);
						first ??= failure;
						tried.push(`${host.host} (${address}):${host.port}: ${failure.message}`);
					}
				}
			}

			if (tried.length > 1) throw new StageFailure(`no host answered, tried in order as libpq does: ${tried.join(' | ')}`, first!.notes, first!.diagnosis);
			throw first!;
		}],
		['tls', 'TLS handshake', () => checkTls(state, options.timeoutMs, now(), fail)],
		['login', 'Log in', async () => {
			const t = state.target!;
			const {host, address} = state.reached!;
			// pg is loaded only when a login is attempted: a refused or unresolvable host answers without it.
			const {openSession} = await import('../adapters/pg-connection.js');
			try {
				state.session = await openSession({
					host: host.host, address, port: host.port, user: t.user.value, password: t.password?.value, database: t.database.value,
					options: t.options?.value, applicationName: t.applicationName ?? 'crdb-connect doctor', tls: await loginTls(state), timeoutMs: options.timeoutMs,
				});
			} catch (error) {
				throw fail(error as RawConnectError, host);
			}

			const how = t.sslcert ? 'a client certificate' : t.password ? `a password (from ${t.password.source})` : 'no password (the server asked for none)';
			return {detail: `logged in as ${t.user.value} with ${how}${t.options ? `; options "${t.options.value}" sent in the startup packet` : ''}`};
		}],
		['query', 'Run SELECT version()', async () => {
			try {
				const rows = await state.session!.query<{version: string}>('SELECT version()');
				return {detail: rows[0]!.version.split(' on ')[0]!};
			} catch (error) {
				throw fail(error as RawConnectError);
			}
		}],
		['database', 'Use the database', async () => {
			const t = state.target!;
			let row: {db: string; can: boolean};
			try {
				row = (await state.session!.query<{db: string; can: boolean}>("SELECT current_database() AS db, has_database_privilege(current_database(), 'CONNECT') AS can"))[0]!;
			} catch (error) {
				throw fail(error as RawConnectError);
			}

			return row.can ? {detail: `${row.db} exists and ${t.user.value} may connect to it`} : {status: 'warn', detail: `${row.db} exists, but ${t.user.value} has no CONNECT privilege on it: GRANT CONNECT ON DATABASE ${row.db} TO ${t.user.value}`};
		}],
	];

	let failed = false;
	try {
		for (const [id, title, run] of plan) await stage(id, title, run);
	} catch (error) {
		if (!(error instanceof StageFailure)) throw error;
		failed = true;
		for (const [id, title] of plan.slice(checks.length)) push({id, title, status: 'skip', ms: 0, detail: 'skipped'});
	} finally {
		state.session?.close();
	}

	const host = state.target?.hosts[0]?.host;
	if (host && isCloudHost(host) && options.cloudFacts) {
		const facts = options.cloudFacts;
		await stage('cloud', 'Ask CockroachDB Cloud', async () => {
			const found = await withDeadline(facts(host, state.target!.user.value), Math.max(options.timeoutMs, 10_000), 'TIMEOUT');
			return {status: found.problems.length ? 'warn' : failed ? 'warn' : 'pass', detail: found.summary, notes: [...found.problems, ...found.notes]};
		}).catch(() => {});
	}

	return checks;
}

function osUser(): string {
	try {
		return os.userInfo().username;
	} catch {
		return 'root';
	}
}

function withDeadline<T>(promise: Promise<T>, ms: number, code: string): Promise<T> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(Object.assign(new Error(`timed out after ${ms / 1000} s`), {code})), ms);
		promise.then(v => {
			clearTimeout(timer);
			resolve(v);
		}, error => {
			clearTimeout(timer);
			reject(error);
		});
	});
}

/** libpq's default root certificate: ~/.postgresql/root.crt (%APPDATA%\postgresql\root.crt on Windows). */
function defaultRootCert(env: NodeJS.ProcessEnv): string | undefined {
	if (process.platform === 'win32') return env.APPDATA ? path.join(env.APPDATA, 'postgresql', 'root.crt') : undefined;
	return env.HOME ? path.join(env.HOME, '.postgresql', 'root.crt') : undefined;
}

/**
The CA file, and the client certificate and key: present, parseable, private, matching, current, with the
right key usage — and which CA libpq will use: sslrootcert, else ~/.postgresql/root.crt when it exists (then
even sslmode=require checks the chain), else none (verify-ca/verify-full then fail, as in libpq).
*/
async function checkFiles(state: State, env: NodeJS.ProcessEnv, now: Date): Promise<Outcome> {
	const t = state.target!;
	const mode = t.sslmode.value;
	const found: string[] = [];
	const notes: string[] = [];
	if (mode !== 'disable') {
		const given = t.sslrootcert?.value;
		if (given === 'system') {
			state.ca = {file: 'the system trust store', system: true};
			found.push('CA: the system trust store (sslrootcert=system; needs libpq 16 or later)');
		} else {
			const file = given ?? defaultRootCert(env);
			const exists = file ? await stat(file).then(s => s.isFile(), () => false) : false;
			if (file && exists) {
				const text = await readPem(file);
				const blocks = pemCertificates(text);
				if (blocks.length === 0) throw new StageFailure(`${file} holds no PEM certificate (no "-----BEGIN CERTIFICATE-----" block): is it the right file?`);
				const ca = new X509Certificate(blocks[0]!);
				if (new Date(ca.validTo) < now) throw new StageFailure(`the CA certificate ${file} expired on ${new Date(ca.validTo).toISOString().slice(0, 10)}: download the cluster's current CA`);
				state.ca = {text, file};
				found.push(`CA ${ca.subject.replace(/\n/g, ', ')}, valid until ${new Date(ca.validTo).toISOString().slice(0, 10)}${blocks.length > 1 ? ` (+${blocks.length - 1} more in the bundle)` : ''}${given ? '' : ` — libpq's default ${file}`}`);
				if (!given) notes.push(`no sslrootcert, so libpq uses ${file}${mode === 'require' || mode === 'prefer' || mode === 'allow' ? ` and checks the server's chain against it even under sslmode=${mode} (verify-ca behaviour); a CA for another cluster there breaks this one` : ''}`);
				else if (mode === 'require' || mode === 'prefer' || mode === 'allow') notes.push(`sslmode=${mode} with a CA file: libpq checks the server's chain against it (verify-ca behaviour), not only encryption`);
			} else if (mode === 'verify-ca' || mode === 'verify-full') {
				throw new StageFailure(`root certificate file "${file ?? '~/.postgresql/root.crt'}" does not exist: either provide the file (download the cluster's CA and give sslrootcert=<absolute path>), use the system's trusted roots with sslrootcert=system, or change sslmode to disable server certificate verification (libpq's rule)`);
			} else if (given) {
				notes.push(`sslrootcert=${given} does not exist, so under sslmode=${mode} libpq checks nothing (node-postgres would fail reading it)`);
			}
		}
	}

	if (t.sslcert && t.sslkey) {
		const certFile = t.sslcert.value;
		const keyFile = t.sslkey.value;
		let cert: X509Certificate;
		try {
			cert = new X509Certificate(await readPem(certFile));
		} catch (error) {
			const reason = error instanceof FileReadError ? error.message : 'not a PEM certificate';
			throw new StageFailure(`cannot read the client certificate ${certFile}: ${reason}`);
		}

		let keyStat;
		try {
			keyStat = await stat(keyFile);
		} catch {
			throw new StageFailure(`no client key at ${keyFile}: it belongs next to ${certFile}`);
		}

		const loose = process.platform === 'win32' ? undefined : libpqKeyProblem(keyFile, keyStat.mode, keyStat.uid);
		if (loose) throw new StageFailure(loose);
		let keyPem;
		try {
			keyPem = await readPem(keyFile);
		} catch (error) {
			throw new StageFailure(`cannot read the client key ${keyFile}: ${(error as Error).message}`);
		}

		const encrypted = /ENCRYPTED|Proc-Type: 4,ENCRYPTED/.test(keyPem);
		let key;
		try {
			key = createPrivateKey({key: keyPem, ...(t.sslpassword ? {passphrase: t.sslpassword.value} : {})});
		} catch {
			if (encrypted) {
				throw new StageFailure(t.sslpassword
					? `the client key ${keyFile} is encrypted and sslpassword does not open it: give the right passphrase (percent-encoded in the URL)`
					: `the client key ${keyFile} is encrypted and no sslpassword was given: add sslpassword=<passphrase> (percent-encoded; libpq would prompt for it), or decrypt the key once: openssl pkey -in ${keyFile} -out ${keyFile}`);
			}

			throw new StageFailure(`${keyFile} is not a private key libpq can read (PEM RSA/EC/PKCS#8): use the key made with the certificate`);
		}

		if (!cert.checkPrivateKey(key)) throw new StageFailure(`${keyFile} is not the key of ${certFile}: use the key made with that certificate`);
		const usages = cert.keyUsage;
		if (Array.isArray(usages) && usages.length > 0 && !usages.includes(CLIENT_AUTH_OID)) {
			throw new StageFailure(`the client certificate ${certFile} lacks the clientAuth extended key usage (it lists ${usages.map(oidName).join(', ')}), so a server refuses it: make it with crdb-connect cert create-client ${t.user.value}`);
		}

		const cn = /(?:^|\n)CN=([^\n]*)/.exec(cert.subject)?.[1] ?? '';
		const user = normalizeSqlUsername(t.user.value);
		if (cn !== user) throw new StageFailure(`the client certificate is for user "${cn}" but the URL logs in as "${user}": log in as ${cn}, or make client.${user}.crt (crdb-connect cert create-client ${user})`);
		if (new Date(cert.validTo) < now) throw new StageFailure(`the client certificate ${certFile} expired on ${new Date(cert.validTo).toISOString().slice(0, 10)}: make a new one`);
		found.push(`client certificate for ${cn}, key private and matching${encrypted ? ' (encrypted; sslpassword opens it)' : ''}`);
	}

	return found.length ? {detail: found.join('; '), notes} : {status: notes.length ? 'warn' : 'skip', detail: 'no certificate files named', notes};
}

function oidName(oid: string): string {
	return ({'1.3.6.1.5.5.7.3.1': 'serverAuth', '1.3.6.1.5.5.7.3.2': 'clientAuth', '1.3.6.1.5.5.7.3.3': 'codeSigning', '1.3.6.1.5.5.7.3.4': 'emailProtection'} as Record<string, string>)[oid] ?? oid;
}

/** What libpq checks under this sslmode, given which CA it found: 'full' (chain + name), 'chain', or 'none'. */
function verification(state: State): 'full' | 'chain' | 'none' {
	const mode = state.target!.sslmode.value;
	if (mode === 'verify-full') return 'full';
	if (mode === 'disable') return 'none';
	return state.ca ? 'chain' : 'none';
}

/** The TLS options the login uses, so it checks what libpq would. */
async function loginTls(state: State): Promise<false | ConnectionOptions> {
	const t = state.target!;
	if (t.sslmode.value === 'disable') return false;
	const level = verification(state);
	const options: ConnectionOptions = {rejectUnauthorized: level !== 'none'};
	if (state.ca?.text) options.ca = state.ca.text;
	if (level === 'chain') options.checkServerIdentity = () => undefined;
	if (t.sslcert && t.sslkey) {
		options.cert = await readPem(t.sslcert.value);
		options.key = await readPem(t.sslkey.value);
		if (t.sslpassword) options.passphrase = t.sslpassword.value;
	}

	return options;
}

/** The handshake, judged as libpq would under this sslmode: chain, host name, validity, key usage. */
async function checkTls(state: State, timeoutMs: number, now: Date, fail: (raw: RawConnectError, host?: HostPort) => StageFailure): Promise<Outcome> {
	const t = state.target!;
	const mode = t.sslmode.value;
	if (mode === 'disable') return {status: 'skip', detail: 'sslmode=disable: no TLS'};
	const {host, address} = state.reached!;
	let socket: net.Socket;
	try {
		socket = await connectSocket({host: address, port: host.port, timeoutMs, target: {host: host.host, port: host.port}, raw: true});
	} catch (error) {
		throw fail({...(error as RawConnectError), stage: 'tls'}, host);
	}

	let result;
	try {
		result = await probeTls(socket, {host: host.host, ca: state.ca?.system ? undefined : state.ca?.text, system: state.ca?.system, timeoutMs});
	} catch (error) {
		if (error instanceof TlsProbeError && error.code === 'NO_TLS') {
			if (mode === 'allow' || mode === 'prefer') return {status: 'warn', detail: `the server does not use TLS; under sslmode=${mode} libpq goes on in plain text (the password crosses the network unencrypted)`};
			throw fail({message: 'server does not support SSL', stage: 'tls'}, host);
		}

		if (error instanceof TlsProbeError && error.code === 'NOT_POSTGRES') {
			throw new StageFailure(`${host.host}:${host.port} is not a SQL port: ${error.message}. CockroachDB's SQL port is 26257; 8080 is the DB Console`);
		}

		if (error instanceof TlsProbeError && error.code === 'CLOSED') throw fail({code: 'CLOSED', message: 'server closed the connection unexpectedly', stage: 'tls'}, host);
		if (error instanceof TlsProbeError && error.code === 'TIMEOUT') {
			throw new StageFailure(`${host.host}:${host.port} accepted the connection but did not answer the TLS request within ${timeoutMs / 1000} s: it is not a PostgreSQL/CockroachDB server, or it hangs`);
		}

		const cause = error instanceof TlsProbeError ? error.failure : undefined;
		throw fail({code: cause?.code, message: cause?.message ?? (error as Error).message, stage: 'tls'}, host);
	}

	const seen = `server certificate ${result.subject}, issued by ${result.issuer}, for ${result.names.join(', ') || '(no names)'}, valid ${result.validFrom.toISOString().slice(0, 10)} to ${result.validTo.toISOString().slice(0, 10)}`;
	const level = verification(state);
	const problems: string[] = [];
	if (result.validTo < now) problems.push(`the server's certificate expired on ${result.validTo.toISOString().slice(0, 10)} (or this machine's clock is wrong): renew the node certificate`);
	if (result.validFrom > now) problems.push(`the server's certificate is not valid until ${result.validFrom.toISOString().slice(0, 10)}: check this machine's clock`);
	if (result.extKeyUsage && !result.extKeyUsage.includes(SERVER_AUTH_OID)) {
		problems.push(`the server's certificate lacks the serverAuth extended key usage (it lists ${result.extKeyUsage.map(oidName).join(', ')}), so clients that check it refuse the server: regenerate the node certificate with crdb-connect cert create-node (serverAuth and clientAuth)`);
	}

	// Node folds a host-name mismatch, expiry and key usage into authorizationError; those are reported on their own.
	if (result.chainTrusted === false && !/EXPIRED|NOT_YET_VALID|ALTNAME|PURPOSE/.test(result.chainError ?? '')) {
		problems.push(`the server's certificate is issued by ${result.issuer}, which the CA file ${state.ca?.file} does not vouch for (${result.chainError}): use the cluster's own CA certificate`);
	}

	if (result.hostnameError) {
		const text = `the server's certificate is not valid for "${host.host}" (it names ${result.names.join(', ') || 'nothing'}): connect by one of those names, or regenerate the node certificate with this host`;
		if (level === 'full') problems.push(text);
		else problems.push(`${text} — libpq does not check names under sslmode=${mode}, node-postgres and sslmode=verify-full do`);
	}

	const blocking = level === 'none' ? [] : problems.filter(p => level === 'full' || !p.includes('is not valid for "'));
	if (blocking.length > 0) throw new StageFailure(blocking[0]!, problems.slice(1));
	const notes = [seen, ...problems.filter(p => !blocking.includes(p)).map(p => (level === 'none' ? `not checked under sslmode=${mode} (psql connects anyway; node-postgres treats ${mode} as verify-full and refuses): ${p}` : p))];
	const trusted = level === 'none' ? ' (nothing checked under this sslmode)' : `, chain trusted via ${state.ca?.file}${level === 'full' ? ', name checked' : ' (verify-ca behaviour: name not checked)'}`;
	return {status: problems.length ? 'warn' : 'pass', detail: `${result.protocol}${trusted}`, notes};
}

/** The URL shown in reports: never with a password (nor sslpassword). */
export function displayUrl(url: string): string {
	const parsed = parseConnectionUrl(url);
	return parsed.ok ? buildConnectionUrl(parsed.parts, 'mask') : '(unparseable)';
}
