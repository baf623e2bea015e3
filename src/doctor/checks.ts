/**
`doctor`'s stages, run in order and stopping at the first failure: parse → files → DNS → TCP → TLS →
login → SELECT version() → database. Each names the cause and the fix (user-pain.md §1).
*/
import {createPrivateKey, X509Certificate} from 'node:crypto';
import {lookup as dnsLookup} from 'node:dns/promises';
import {readFile, stat} from 'node:fs/promises';
import net from 'node:net';
import {performance} from 'node:perf_hooks';
import type pg from 'pg';
import {describeConnectError} from '../core/connect-errors.js';
import {buildConnectionUrl, parseConnectionUrl, type ConnectionParts} from '../core/connection-url.js';
import type {DoctorCheck} from '../core/doctor-report.js';
import {lintConnection} from '../core/doctor-lint.js';
import {libpqKeyProblem} from '../core/file-mode.js';
import {normalizeSqlUsername} from '../core/sql-username.js';
import {verifiesServer} from '../core/sslmode.js';
import type {ConnectionSetup} from '../core/setup.js';
import {readCaCertificate} from '../adapters/ca-file.js';
import {openClient} from '../adapters/pg-connection.js';
import {probeTls, TlsProbeError} from '../adapters/tls-probe.js';
import {connectSocket} from '../adapters/tcp-probe.js';

/** Resolves a host name to addresses (tests pass one that answers without a DNS server). */
export type Resolver = (host: string) => Promise<string[]>;

/** What the checks need from outside. */
export interface DoctorOptions {
	timeoutMs: number;
	resolve?: Resolver;
	now?: () => Date;
}

const systemResolver: Resolver = async host => (await dnsLookup(host, {all: true})).map(a => a.address);

class StageFailure extends Error {}

/** Run every stage; the list ends at the first failure, with the rest marked skipped. */
export async function runDoctor(url: string, password: string | undefined, options: DoctorOptions): Promise<DoctorCheck[]> {
	const resolve = options.resolve ?? systemResolver;
	const now = options.now ?? (() => new Date());
	const checks: DoctorCheck[] = [];
	const state: {parts?: ConnectionParts; addresses?: string[]; client?: pg.Client} = {};

	const stage = async (id: string, title: string, run: () => Promise<{detail: string; notes?: string[]; status?: 'pass' | 'warn' | 'skip'}>) => {
		const started = performance.now();
		try {
			const outcome = await run();
			checks.push({id, title, status: outcome.status ?? 'pass', ms: performance.now() - started, detail: outcome.detail, ...(outcome.notes?.length ? {notes: outcome.notes} : {})});
		} catch (error) {
			checks.push({id, title, status: 'fail', ms: performance.now() - started, detail: (error as Error).message});
			throw new StageFailure();
		}
	};

	const plan: Array<[string, string, () => Promise<{detail: string; notes?: string[]; status?: 'pass' | 'warn' | 'skip'}>]> = [
		['parse', 'Parse the connection string', async () => {
			const parsed = parseConnectionUrl(url);
			if (!parsed.ok) throw new Error(parsed.error);
			const parts = {...parsed.parts};
			if (password !== undefined) parts.password = password;
			state.parts = parts;
			const findings = lintConnection(parts);
			const failure = findings.find(f => f.level === 'fail');
			if (failure) throw new Error(failure.message);
			const warnings = findings.map(f => f.message);
			return {status: warnings.length ? 'warn' : 'pass', detail: `user ${parts.user}, host ${parts.host}:${parts.port}, database ${parts.database ?? 'defaultdb'}, sslmode ${parts.sslmode ?? '(none)'}`, notes: warnings};
		}],
		['files', 'Check the certificate files', () => checkFiles(state.parts!, now())],
		['dns', `Resolve the host name`, async () => {
			const {host} = state.parts!;
			if (net.isIP(host)) {
				state.addresses = [host];
				return {detail: `${host} is an address`};
			}

			try {
				state.addresses = await withTimeout(resolve(host), options.timeoutMs, 'EAI_AGAIN');
			} catch (error) {
				throw new Error(describeConnectError({code: (error as NodeJS.ErrnoException).code ?? 'ENOTFOUND', message: (error as Error).message}, state.parts!));
			}

			return {detail: `${host} → ${state.addresses.join(', ')}`};
		}],
		['tcp', 'Connect over TCP', async () => {
			const socket = await connectTcp(state.addresses![0]!, state.parts!, options.timeoutMs);
			socket.destroy();
			return {detail: `${state.addresses![0]}:${state.parts!.port} accepted the connection`};
		}],
		['tls', 'TLS handshake', () => checkTls(state.addresses![0]!, state.parts!, options.timeoutMs, now())],
		['login', 'Log in', async () => {
			const setup = toSetup(state.parts!);
			state.client = await openClient(setup, options.timeoutMs, 'crdb-connect doctor');
			return {detail: `logged in as ${setup.user} with ${setup.sslcert ? 'a client certificate' : setup.password !== undefined ? 'a password' : 'no password'}`};
		}],
		['query', 'Run SELECT version()', async () => {
			const result = await state.client!.query<{version: string}>('SELECT version()');
			return {detail: result.rows[0]!.version.split(' on ')[0]!};
		}],
		['database', 'Use the database', async () => {
			const result = await state.client!.query<{db: string; can: boolean}>("SELECT current_database() AS db, has_database_privilege(current_database(), 'CONNECT') AS can");
			const {db, can} = result.rows[0]!;
			return can ? {detail: `${db} exists and ${state.parts!.user} may connect to it`} : {status: 'warn', detail: `${db} exists, but ${state.parts!.user} has no CONNECT privilege on it: GRANT CONNECT ON DATABASE ${db} TO ${state.parts!.user}`};
		}],
	];

	try {
		for (const [id, title, run] of plan) await stage(id, title, run);
	} catch (error) {
		if (!(error instanceof StageFailure)) throw error;
		for (const [id, title] of plan.slice(checks.length)) checks.push({id, title, status: 'skip', ms: 0, detail: 'skipped'});
	} finally {
		await state.client?.end().catch(() => {});
	}

	return checks;
}

function toSetup(parts: ConnectionParts): ConnectionSetup {
	return {...parts, user: parts.user!, database: parts.database ?? 'defaultdb', sslmode: parts.sslmode ?? 'verify-full'};
}

function withTimeout<T>(promise: Promise<T>, ms: number, code: string): Promise<T> {
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

function connectTcp(address: string, parts: ConnectionParts, timeoutMs: number): Promise<net.Socket> {
	return connectSocket({host: address, port: parts.port, timeoutMs, target: parts});
}

/** The CA file, and the client certificate and key: present, parseable, private, matching, current. */
async function checkFiles(parts: ConnectionParts, now: Date): Promise<{detail: string; notes?: string[]; status?: 'pass' | 'skip'}> {
	const found: string[] = [];
	if (parts.sslrootcert && parts.sslrootcert !== 'system') {
		const ca = await readCaCertificate(parts.sslrootcert);
		if (ca.notAfter < now) throw new Error(`the CA certificate ${parts.sslrootcert} expired on ${ca.notAfter.toISOString().slice(0, 10)}: download the cluster's current CA`);
		found.push(`CA ${ca.subject}, valid until ${ca.notAfter.toISOString().slice(0, 10)}${ca.count > 1 ? ` (+${ca.count - 1} more in the bundle)` : ''}`);
	}

	if (parts.sslcert && parts.sslkey) {
		let cert: X509Certificate;
		try {
			cert = new X509Certificate(await readFile(parts.sslcert));
		} catch (error) {
			throw new Error(`cannot read the client certificate ${parts.sslcert}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'not a PEM certificate'}`);
		}

		let keyStat;
		try {
			keyStat = await stat(parts.sslkey);
		} catch {
			throw new Error(`no client key at ${parts.sslkey}: it belongs next to ${parts.sslcert}`);
		}

		const loose = process.platform === 'win32' ? undefined : libpqKeyProblem(parts.sslkey, keyStat.mode, keyStat.uid);
		if (loose) throw new Error(loose);
		if (!cert.checkPrivateKey(createPrivateKey(await readFile(parts.sslkey)))) {
			throw new Error(`${parts.sslkey} is not the key of ${parts.sslcert}: use the key made with that certificate`);
		}

		const cn = /(?:^|\n)CN=([^\n]*)/.exec(cert.subject)?.[1] ?? '';
		const user = normalizeSqlUsername(parts.user ?? '');
		if (cn !== user) throw new Error(`the client certificate is for user "${cn}" but the URL logs in as "${user}": log in as ${cn}, or make client.${user}.crt (crdb-connect cert create-client ${user})`);
		if (new Date(cert.validTo) < now) throw new Error(`the client certificate ${parts.sslcert} expired on ${new Date(cert.validTo).toISOString().slice(0, 10)}: make a new one`);
		found.push(`client certificate for ${cn}, key private and matching`);
	}

	return found.length ? {detail: found.join('; ')} : {status: 'skip', detail: 'no certificate files named'};
}

/** The handshake, judged by the URL's sslmode: chain, host name, validity, and which CA signed it. */
async function checkTls(address: string, parts: ConnectionParts, timeoutMs: number, now: Date): Promise<{detail: string; notes?: string[]; status?: 'pass' | 'warn' | 'skip'}> {
	const mode = parts.sslmode ?? 'verify-full';
	if (mode === 'disable') return {status: 'skip', detail: 'sslmode=disable: no TLS'};
	const socket = await connectTcp(address, parts, timeoutMs);
	let result;
	try {
		result = await probeTls(socket, {
			host: parts.host,
			ca: parts.sslrootcert && parts.sslrootcert !== 'system' ? await readFile(parts.sslrootcert, 'utf8') : undefined,
			timeoutMs,
		});
	} catch (error) {
		if (error instanceof TlsProbeError && error.code === 'NO_TLS') {
			throw new Error('the server does not use TLS: it is an insecure cluster, so use sslmode=disable (only for a local dev cluster)');
		}

		if (error instanceof TlsProbeError && error.code === 'NOT_POSTGRES') {
			throw new Error(`${parts.host}:${parts.port} is not a SQL port: ${error.message}. CockroachDB's SQL port is 26257; 8080 is the DB Console`);
		}

		throw new Error(`the TLS handshake failed: ${(error as Error).message}`);
	}

	const seen = `server certificate ${result.subject}, issued by ${result.issuer}, for ${result.names.join(', ') || '(no names)'}, valid ${result.validFrom.toISOString().slice(0, 10)} to ${result.validTo.toISOString().slice(0, 10)}`;
	const verify = verifiesServer(mode);
	const problems: string[] = [];
	if (result.validTo < now) problems.push(`the server's certificate expired on ${result.validTo.toISOString().slice(0, 10)} (or this machine's clock is wrong): renew the node certificate`);
	if (result.validFrom > now) problems.push(`the server's certificate is not valid until ${result.validFrom.toISOString().slice(0, 10)}: check this machine's clock`);
	// Node folds a host-name mismatch and expiry into authorizationError; those are reported on their own.
	if (result.chainTrusted === false && !/EXPIRED|NOT_YET_VALID|ALTNAME/.test(result.chainError ?? '')) {
		problems.push(`the server's certificate is issued by ${result.issuer}, which the CA file ${parts.sslrootcert} does not vouch for (${result.chainError}): use the cluster's own CA certificate`);
	}

	if (mode === 'verify-full' && result.hostnameError) {
		problems.push(`the server's certificate is not valid for "${parts.host}" (it names ${result.names.join(', ') || 'nothing'}): connect by one of those names, or regenerate the node certificate with this host`);
	}

	if (verify && problems.length > 0) {
		const error = new Error(problems[0]!);
		throw error;
	}

	const notes = [seen, ...problems.map(p => `not checked under sslmode=${mode}: ${p}`)];
	if (verify && !parts.sslrootcert) notes.push('no CA file was given, so the chain was not checked here');
	return {status: problems.length ? 'warn' : 'pass', detail: `${result.protocol}${verify ? `, trusted via ${parts.sslrootcert ?? 'the client default'}` : ''}`, notes};
}

/** The URL shown in reports: never with a password. */
export function displayUrl(url: string): string {
	const parsed = parseConnectionUrl(url);
	return parsed.ok ? buildConnectionUrl(parsed.parts, 'mask') : '(unparseable)';
}
