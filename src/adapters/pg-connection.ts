/** Log in with the node `pg` driver exactly as the setup says, and read the server's version. */
import {readFileSync} from 'node:fs';
import type {ConnectionOptions} from 'node:tls';
import pg from 'pg';
import {describeConnectError} from '../core/connect-errors.js';
import type {ConnectionSetup} from '../core/setup.js';
import {DEFAULT_CONNECT_TIMEOUT_MS} from './tcp-probe.js';

/**
TLS options for an sslmode, as libpq means it. pg cannot fall back to plain text, so allow/prefer are
treated as require (encrypt, trust any certificate).
*/
export function tlsOptionsFor(setup: ConnectionSetup): false | ConnectionOptions {
	if (setup.sslmode === 'disable') return false;
	const options: ConnectionOptions = {rejectUnauthorized: setup.sslmode === 'verify-ca' || setup.sslmode === 'verify-full'};
	if (options.rejectUnauthorized && setup.sslrootcert) options.ca = readFileSync(setup.sslrootcert, 'utf8');
	if (setup.sslmode === 'verify-ca') options.checkServerIdentity = () => undefined;
	if (setup.sslcert && setup.sslkey) {
		options.cert = readFileSync(setup.sslcert, 'utf8');
		options.key = readFileSync(setup.sslkey, 'utf8');
	}

	return options;
}

/** Open a client as the setup says; rejects with a one-line diagnosis. The caller ends the client. */
export async function openClient(setup: ConnectionSetup, timeoutMs = DEFAULT_CONNECT_TIMEOUT_MS, applicationName = 'crdb-connect'): Promise<pg.Client> {
	const target = {host: setup.host, port: setup.port, user: setup.user, database: setup.database, sslrootcert: setup.sslrootcert};
	let client: pg.Client | undefined;
	try {
		client = new pg.Client({
			host: setup.host,
			port: setup.port,
			user: setup.user,
			password: setup.password,
			database: setup.database,
			ssl: tlsOptionsFor(setup),
			connectionTimeoutMillis: timeoutMs,
			application_name: applicationName,
		});
		// A server-side error after connect would otherwise be an unhandled 'error' event.
		client.on('error', () => {});
		await client.connect();
		return client;
	} catch (error) {
		await client?.end().catch(() => {});
		const {code, message} = error as {code?: string; message: string};
		throw new Error(describeConnectError({code, message}, target));
	}
}
