/** Log in with the node `pg` driver, every step bounded by a deadline, and read the server's version. */
import net from 'node:net';
import type {ConnectionOptions} from 'node:tls';
import pg from 'pg';
import {describeConnectError, type RawConnectError} from '../core/connect-errors.js';
import type {ConnectionSetup} from '../core/setup.js';
import {readRegularFile} from './regular-file.js';
import {DEFAULT_CONNECT_TIMEOUT_MS, STATEMENT_TIMEOUT_MS} from './tcp-probe.js';

/** A CA, certificate or key file: only a regular file of at most 1 MB. */
async function readPem(file: string): Promise<string> {
	try {
		return await readRegularFile(file, 1024 * 1024);
	} catch (error) {
		throw new Error(`cannot read ${file}: ${(error as Error).message}`, {cause: error});
	}
}

/**
TLS options for an sslmode, as libpq means it. pg cannot fall back to plain text, so allow/prefer are
treated as require (encrypt, trust any certificate).
*/
async function tlsOptionsFor(setup: ConnectionSetup): Promise<false | ConnectionOptions> {
	if (setup.sslmode === 'disable') return false;
	const options: ConnectionOptions = {rejectUnauthorized: setup.sslmode === 'verify-ca' || setup.sslmode === 'verify-full'};
	if (options.rejectUnauthorized && setup.sslrootcert) options.ca = await readPem(setup.sslrootcert);
	if (setup.sslmode === 'verify-ca') options.checkServerIdentity = () => undefined;
	if (setup.sslcert && setup.sslkey) {
		options.cert = await readPem(setup.sslcert);
		options.key = await readPem(setup.sslkey);
		if (setup.params?.sslpassword !== undefined) options.passphrase = setup.params.sslpassword;
	}

	return options;
}

/** Open a client as the setup says; rejects with a one-line diagnosis. The caller ends the client; each of its statements is bounded. */
export async function openClient(setup: ConnectionSetup, timeoutMs = DEFAULT_CONNECT_TIMEOUT_MS, applicationName = 'crdb-connect', statementTimeoutMs = STATEMENT_TIMEOUT_MS): Promise<pg.Client> {
	const target = {host: setup.host, port: setup.port, user: setup.user, database: setup.database, sslrootcert: setup.sslrootcert};
	const tls = await tlsOptionsFor(setup);
	try {
		const session = await openSession({
			host: setup.host, port: setup.port, user: setup.user, password: setup.password, database: setup.database,
			options: setup.params?.options, applicationName, tls, timeoutMs, statementTimeoutMs,
		});
		return session.client;
	} catch (error) {
		throw new Error(describeConnectError(error as RawConnectError, target), {cause: error});
	}
}

/** What a login needs: the name (for SNI and the certificate check) and, optionally, the address to dial. */
export interface SessionRequest {
	host: string;
	/** Dial this address instead of resolving `host` again (the doctor resolved it already). */
	address?: string;
	port: number;
	user: string;
	password?: string;
	database: string;
	/** libpq's `options`, sent in the startup packet (`--cluster=<routing-id>`, `-c name=value`). */
	options?: string;
	applicationName: string;
	tls: false | ConnectionOptions;
	/** Bounds the login and, separately, each statement run through the session's `query`. */
	timeoutMs: number;
	/** Bounds each statement run on the raw client too (pg's query_timeout), for callers that use `client`. */
	statementTimeoutMs?: number;
}

/** Whether a statement failed because the server gave no answer within the client's statement bound. */
export function isStatementTimeout(error: unknown): boolean {
	// node-postgres's query_timeout rejects with this text and no code: the text is all there is to match.
	return (error as Error | undefined)?.message === 'Query read timeout';
}

/** The one line for a server that logged us in, then stopped answering. */
export function stalledAfterLogin(setup: ConnectionSetup, statementTimeoutMs: number, error: unknown): Error {
	return new Error(`${setup.host}:${setup.port} logged ${setup.user} in, then gave no answer to a statement within ${statementTimeoutMs / 1000} s: the server may be overloaded or stuck; try again, or run crdb-connect doctor`, {cause: error});
}

/** A logged-in connection whose statements are bounded and whose close never waits. */
export interface Session {
	client: pg.Client;
	/** Run a statement; rejects with code TIMEOUT (stage query) when no answer comes in time. */
	query<T extends pg.QueryResultRow>(sql: string, timeoutMs?: number): Promise<T[]>;
	/** Close without waiting for the server (a hung server never answers Terminate). */
	close(): void;
}

/** The raw error from pg or the socket, as the classifier reads it (SQLSTATE in `code`, HINT kept). */
function toRaw(error: unknown, stage: RawConnectError['stage']): RawConnectError {
	const e = error as {code?: string; message?: string; hint?: string; detail?: string};
	const raw: RawConnectError = {message: String(e?.message ?? error), stage};
	if (e?.code) raw.code = e.code;
	if (e?.hint) raw.hint = e.hint;
	if (e?.detail) raw.detail = e.detail;
	return raw;
}

/**
Log in. The deadline is ours, not pg's: a timer that also keeps the event loop alive, so an error pg
swallows (a TLS alert after the handshake, a close with no 'error') still ends in a verdict, never in a
silent exit.
*/
export function openSession(request: SessionRequest): Promise<Session> {
	return new Promise((resolve, reject) => {
		let settled = false;
		const address = request.address;
		const client = new pg.Client({
			host: request.host,
			port: request.port,
			user: request.user,
			// Never undefined: pg would then send $PGPASSWORD or a ~/.pgpass line, unasked, to whatever host a
			// replayed profile names. Only a password the caller holds (and the person agreed to send) leaves.
			password: request.password ?? refuseImplicitPassword,
			database: request.database,
			ssl: request.tls,
			application_name: request.applicationName,
			...(request.statementTimeoutMs === undefined ? {} : {query_timeout: request.statementTimeoutMs}),
			...(request.options === undefined ? {} : {options: request.options}),
			// Dial the address already resolved while keeping the host name for SNI and the certificate check.
			...(address ? {stream: () => connectTo(address)} : {}),
		});
		const socket = () => (client as unknown as {connection?: {stream?: net.Socket}}).connection?.stream;
		const finish = (error?: RawConnectError) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			if (error) {
				socket()?.destroy();
				reject(error);
				return;
			}

			resolve(session);
		};

		const timer = setTimeout(() => finish({code: 'TIMEOUT', message: `timeout after ${request.timeoutMs} ms`, stage: 'login'}), request.timeoutMs);
		client.on('error', error => finish(toRaw(error, 'login')));
		client.on('end', () => finish({code: 'CLOSED', message: 'Connection terminated unexpectedly', stage: 'login'}));
		const session: Session = {
			client,
			query: (sql, timeoutMs = request.timeoutMs) => bounded(client, socket, sql, timeoutMs),
			close() {
				client.end().catch(() => {});
				// Do not wait for the server's goodbye; an unref'd timer lets the process exit meanwhile.
				setTimeout(() => socket()?.destroy(), 200).unref();
			},
		};
		client.connect().then(() => finish(), error => finish(toRaw(error, 'login')));
	});
}

/**
What pg calls when the server asks for a password and the caller gave none: a refusal, in libpq's words
(the classifier's no-password row), instead of pg's own PGPASSWORD / ~/.pgpass fallback.
*/
export async function refuseImplicitPassword(): Promise<string> {
	throw new Error('no password supplied (crdb-connect sends only a password it was given: it never reads PGPASSWORD or ~/.pgpass by itself)');
}

function connectTo(address: string): net.Socket {
	const socket = new net.Socket();
	const connect = socket.connect.bind(socket) as (options: net.SocketConnectOpts) => net.Socket;
	// pg calls connect(port, host); send it to the resolved address instead.
	(socket as unknown as {connect: (port: number) => net.Socket}).connect = (port: number) => connect({port, host: address});
	return socket;
}

function bounded<T extends pg.QueryResultRow>(client: pg.Client, socket: () => net.Socket | undefined, sql: string, timeoutMs: number): Promise<T[]> {
	return new Promise((resolve, reject) => {
		let settled = false;
		const timer = setTimeout(() => {
			if (settled) return;
			settled = true;
			socket()?.destroy();
			reject({code: 'TIMEOUT', message: `no answer within ${timeoutMs} ms`, stage: 'query'} satisfies RawConnectError);
		}, timeoutMs);
		const onEnd = () => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			reject({code: 'CLOSED', message: 'Connection terminated unexpectedly', stage: 'query'} satisfies RawConnectError);
		};

		client.once('end', onEnd);
		client.query<T>(sql).then(result => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			client.removeListener('end', onEnd);
			resolve(result.rows);
		}, error => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			client.removeListener('end', onEnd);
			reject(toRaw(error, 'query'));
		});
	});
}
