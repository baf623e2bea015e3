/**
Databases on a self-hosted cluster, through a real login. CockroachDB's SHOW DATABASES has no PostgreSQL
equivalent, so we read pg_catalog.pg_database, which both serve (CockroachDB lists every database there).
*/
import type {ConnectionSetup} from '../core/setup.js';
import {isStatementTimeout, openClient, stalledAfterLogin} from './pg-connection.js';
import {STATEMENT_TIMEOUT_MS} from './tcp-probe.js';

/** The database names the user can see, sorted. */
export async function listDatabases(setup: ConnectionSetup, statementTimeoutMs = STATEMENT_TIMEOUT_MS): Promise<string[]> {
	const client = await openClient(setup, undefined, undefined, statementTimeoutMs);
	try {
		const result = await client.query<{datname: string}>('SELECT datname FROM pg_catalog.pg_database WHERE NOT datistemplate ORDER BY datname');
		return result.rows.map(r => r.datname);
	} catch (error) {
		throw isStatementTimeout(error) ? stalledAfterLogin(setup, statementTimeoutMs, error) : error;
	} finally {
		await client.end().catch(() => {});
	}
}

/** Create `name` unless it exists (the name is checked by the caller; it is quoted here all the same). */
export async function createDatabase(setup: ConnectionSetup, name: string): Promise<'created' | 'exists'> {
	const client = await openClient(setup);
	try {
		return await createOn(client, setup, name);
	} catch (error) {
		throw isStatementTimeout(error) ? stalledAfterLogin(setup, STATEMENT_TIMEOUT_MS, error) : error;
	} finally {
		await client.end().catch(() => {});
	}
}

/** CREATE DATABASE on an open client, unless the database exists. */
async function createOn(client: Awaited<ReturnType<typeof openClient>>, setup: ConnectionSetup, name: string): Promise<'created' | 'exists'> {
	const found = await client.query('SELECT 1 FROM pg_catalog.pg_database WHERE datname = $1', [name]);
	if (found.rowCount) return 'exists';
	try {
		await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
	} catch (error) {
		if (isStatementTimeout(error)) throw error;
		const {code, message} = error as {code?: string; message: string};
		if (code === '42P04') return 'exists';
		if (code === '42501') throw new Error(`${setup.user} may not create databases (${message}): ask an admin to run CREATE DATABASE ${name}, or GRANT the CREATEDB option`, {cause: error});
		throw new Error(`CREATE DATABASE ${name} failed: ${message}`, {cause: error});
	}

	return 'created';
}
