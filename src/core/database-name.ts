/** Names for new databases. Pure. */

/** Names a new database cannot take: the cluster's own. */
const RESERVED = new Set(['system', 'crdb_internal', 'information_schema', 'pg_catalog', 'pg_extension']);

/**
Why a new database name would be refused or need quoting everywhere (with what to do), or undefined. We keep
to plain lowercase identifiers: every driver, URL and snippet then carries the name unquoted.
*/
export function databaseNameProblem(name: string): string | undefined {
	if (name === '') return 'the database name is empty: type one such as "shop"';
	if (name.length > 63) return `the database name has ${name.length} characters: use at most 63`;
	if (RESERVED.has(name)) return `"${name}" is reserved by CockroachDB: choose another name`;
	if (!/^[a-z_][a-z0-9_]*$/.test(name)) return `"${name}" is not a plain identifier: use lowercase letters, digits and underscores, starting with a letter (e.g. ${suggestion(name)})`;
	return undefined;
}

function suggestion(name: string): string {
	const fixed = name.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^[^a-z_]+/, '');
	return fixed ? `"${fixed}"` : '"app_db"';
}
