/**
The Cloud API stand-in's hooks that make a real PostgreSQL server act as an Advanced cluster signing in by client
certificate: users the API creates exist on the server with no password (certificate login only), and a client CA
the API accepts is trusted by the server too (appended to its client-CA file, configuration reloaded).
*/
import {appendFileSync} from 'node:fs';
import path from 'node:path';
import {adminSql, type PgServerInfo} from './pg-server.js';

/** A user the Cloud API creates becomes a certificate-only role on the server (the API needs a password; the role has none). */
export function certificateOnlyUsers(server: PgServerInfo): (name: string) => void {
	return name => {
		adminSql(server, `DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${name}') THEN CREATE ROLE ${name} LOGIN IN ROLE certusers; END IF; END $$`);
	};
}

/** A client CA the Cloud API sets is trusted by the server from then on (its client-CA file, reloaded). */
export function trustUploadedClientCa(server: PgServerInfo): (pem: string | undefined) => void {
	return pem => {
		if (pem) appendFileSync(path.join(server.dir, 'tls', 'ca.crt'), pem);
		adminSql(server, 'SELECT pg_reload_conf()');
	};
}
