/**
SQL users on a self-hosted cluster, created over SQL by an admin login (root's client certificate, or a
password user with CREATEROLE). The statements are ones CockroachDB and PostgreSQL both accept.
*/
import type {ConnectionSetup} from '../core/setup.js';
import {isStatementTimeout, openClient, stalledAfterLogin} from './pg-connection.js';
import {STATEMENT_TIMEOUT_MS} from './tcp-probe.js';

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** What to create: the user, its password (none: certificate-only) and the database it may connect to. */
export interface SqlUserRequest {
	user: string;
	password?: string;
	database: string;
}

/**
Log in as the admin, create the user unless it exists (with its password, or none for certificate-only
logins), and GRANT CONNECT on the database. Resolves 'exists' when the user was there (nothing is changed then).
*/
export async function createSqlUserOverSql(admin: ConnectionSetup, request: SqlUserRequest): Promise<'created' | 'exists'> {
	const client = await openClient(admin);
	try {
		const found = await client.query('SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = $1', [request.user]);
		if (found.rowCount) return 'exists';
		try {
			// DDL takes no bind parameters: the password goes in as a quoted literal, never logged.
			await client.query(`CREATE USER ${ident(request.user)}${request.password === undefined ? '' : ` WITH PASSWORD ${literal(request.password)}`}`);
			await client.query(`GRANT CONNECT ON DATABASE ${ident(request.database)} TO ${ident(request.user)}`);
		} catch (error) {
			if (isStatementTimeout(error)) throw error;
			const {code, message} = error as {code?: string; message: string};
			if (code === '42501') throw new Error(`${admin.user} may not create users (${message}): log in as root (--admin-user root with client.root.crt) or a user with CREATEROLE`, {cause: error});
			throw new Error(`creating SQL user ${request.user} failed: ${message}`, {cause: error});
		}

		return 'created';
	} catch (error) {
		throw isStatementTimeout(error) ? stalledAfterLogin(admin, STATEMENT_TIMEOUT_MS, error) : error;
	} finally {
		await client.end().catch(() => {});
	}
}
