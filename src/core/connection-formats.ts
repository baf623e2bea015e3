/**
Every way to hand a connection to a person or a program: the `cockroach sql` command, the URL, a
parameters table, and snippets for common drivers. Pure. Snippets never hold the password: they read it
from an environment variable.
*/
import {buildConnectionUrl, encodeComponentStrict, formatHostForUrl, publicParams} from './connection-url.js';
import {shellQuote} from './launch-plan.js';
import type {ConnectionSetup} from './setup.js';

/** What a format is rendered from: the setup, its URL (never with the password), and the variable a snippet reads the password from (none when the user logs in with a client certificate). */
export interface FormatInput {
	setup: ConnectionSetup;
	url: string;
	passwordEnv: string | undefined;
	/** SQL statements to run (-e/--execute): a printed command carries them. */
	execute: readonly string[];
}

/** One way to hand over a connection: its name (for --format and --json), how the wizard's choice reads, and how it is written. */
export interface ConnectionFormat {
	name: string;
	/** The wizard's choice ("Python — psycopg2"). */
	label: string;
	/** How the choice reads once made (default: the label with " — " as a space). */
	short?: string;
	render: (input: FormatInput) => string;
}

/**
The registry of formats, in the order the wizard offers them and `--json` lists them. It drives `--format`,
`url --format`/`--json`, the wizard's "How will you connect?" choices and the help; README's list is checked
against it. A new format is one row here (and its tests).
*/
export const CONNECTION_FORMATS = [
	{name: 'cockroach-sql', label: 'Show the cockroach sql command', short: 'cockroach sql command', render: ({url, execute}) => ['cockroach', 'sql', '--url', url, ...execute.flatMap(sql => ['--execute', sql])].map(shellQuote).join(' ')},
	{name: 'url', label: 'Show the connection string', short: 'connection string', render: ({url}) => url},
	{
		name: 'params',
		label: 'Show the connection parameters (host, port, database, user, TLS)',
		short: 'parameters',
		render({setup}) {
			const rows = connectionParameters(setup);
			const width = Math.max(...rows.map(([k]) => k.length));
			return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n');
		},
	},
	// The two psycopg drivers take the same call; only the module differs.
	{name: 'psycopg2', label: 'Python — psycopg2', render: input => psycopg('psycopg2', input)},
	{name: 'psycopg3', label: 'Python — psycopg 3', render: input => psycopg('psycopg', input)},
	{
		name: 'sqlalchemy',
		label: 'Python — SQLAlchemy (cockroachdb dialect)',
		render({setup, passwordEnv}) {
			// The sqlalchemy-cockroachdb dialect; TLS settings travel as libpq parameters.
			const connectArgs = Object.fromEntries([['sslmode', setup.sslmode], ...(['sslrootcert', 'sslcert', 'sslkey'] as const).filter(k => setup[k]).map(k => [k, setup[k]!])]);
			return [
				'import os',
				'from sqlalchemy import create_engine',
				'from sqlalchemy.engine import URL',
				'',
				'url = URL.create(',
				'    "cockroachdb",',
				`    username=${q(setup.user)},`,
				...(passwordEnv ? [`    password=os.environ[${q(passwordEnv)}],`] : []),
				`    host=${q(setup.host)},`,
				`    port=${setup.port},`,
				`    database=${q(setup.database)},`,
				`    query=${pyDict(connectArgs)},`,
				')',
				'engine = create_engine(url)',
			].join('\n');
		},
	},
	{name: 'pgx', label: 'Go — pgx', render: ({url, passwordEnv}) => [...pgxConfig(url, passwordEnv), 'conn, err := pgx.ConnectConfig(context.Background(), config)'].join('\n')},
	{name: 'gorm', label: 'Go — GORM', render: ({url, passwordEnv}) => [...pgxConfig(url, passwordEnv), 'db, err := gorm.Open(postgres.New(postgres.Config{Conn: stdlib.OpenDB(*config)}), &gorm.Config{})'].join('\n')},
	{
		name: 'node-pg',
		label: 'Node.js — pg',
		// Fields, not connectionString: node-postgres lets a parsed string override an explicit password
		// and replace the ssl object (user-pain.md #25), so TLS is stated once, here.
		render: ({setup, passwordEnv}) => [
			"import fs from 'node:fs';",
			"import pg from 'pg';",
			'',
			'const client = new pg.Client({',
			`	host: ${q(setup.host)},`,
			`	port: ${setup.port},`,
			`	database: ${q(setup.database)},`,
			`	user: ${q(setup.user)},`,
			...(passwordEnv ? [`	password: process.env.${passwordEnv},`] : []),
			`	ssl: ${jsSsl(setup)},`,
			'});',
			'await client.connect();',
		].join('\n'),
	},
	{
		name: 'sequelize',
		label: 'Node.js — Sequelize',
		render: ({setup, passwordEnv}) => [
			"import fs from 'node:fs';",
			"import {Sequelize} from 'sequelize';",
			'',
			`const sequelize = new Sequelize(${q(setup.database)}, ${q(setup.user)}, ${passwordEnv ? `process.env.${passwordEnv}` : 'undefined'}, {`,
			`	host: ${q(setup.host)},`,
			`	port: ${setup.port},`,
			"	dialect: 'postgres',",
			`	dialectOptions: {ssl: ${jsSsl(setup)}},`,
			'});',
		].join('\n'),
	},
	{
		name: 'prisma',
		label: 'Node.js — Prisma (DATABASE_URL)',
		render({setup, url, passwordEnv}) {
			// Prisma reads the whole URL, password included, from DATABASE_URL: point at the .env writer.
			const placeholder = passwordEnv ? url.replace(`${encodeComponentStrict(setup.user)}@`, `${encodeComponentStrict(setup.user)}:<$${passwordEnv}, percent-encoded>@`) : url;
			return [
				'// schema.prisma',
				'datasource db {',
				'  provider = "cockroachdb"',
				'  url      = env("DATABASE_URL")',
				'}',
				'',
				passwordEnv ? `# .env (mode 0600), written with the real password by: crdb-connect url … --password-env ${passwordEnv} --dotenv .env` : '# .env',
				`DATABASE_URL=${placeholder}`,
			].join('\n');
		},
	},
	{
		name: 'jdbc',
		label: 'Java — JDBC',
		render: ({setup, passwordEnv}) => [
			'Properties props = new Properties();',
			...(passwordEnv ? [`props.setProperty("password", System.getenv(${q(passwordEnv)}));`] : []),
			`Connection conn = DriverManager.getConnection(${q(jdbcUrl(setup))}, props);`,
		].join('\n'),
	},
	{
		name: 'hibernate',
		label: 'Java — Hibernate',
		render: ({setup, passwordEnv}) => [
			'<!-- hibernate.cfg.xml -->',
			'<property name="hibernate.connection.driver_class">org.postgresql.Driver</property>',
			`<property name="hibernate.connection.url">${xmlEscape(jdbcUrl(setup))}</property>`,
			...(passwordEnv ? [`<!-- the password: set hibernate.connection.password from $${passwordEnv} at startup -->`] : []),
			'<property name="hibernate.dialect">org.hibernate.dialect.CockroachDialect</property>',
		].join('\n'),
	},
] as const satisfies readonly ConnectionFormat[];

/** One format's name. */
export type FormatName = (typeof CONNECTION_FORMATS)[number]['name'];

/** Every format's name, in the registry's order. */
export const FORMATS: readonly FormatName[] = CONNECTION_FORMATS.map(f => f.name);

/** The environment variable snippets read the password from when the setup names none. */
const DEFAULT_PASSWORD_ENV = 'COCKROACH_PASSWORD';

/** Whether a string names a format. */
export function isFormatName(name: string): name is FormatName {
	return (FORMATS as readonly string[]).includes(name);
}

const q = (text: string) => JSON.stringify(text);

/** The JDBC key file: PKCS#8 DER (`.key.pk8`, from `cert create-client --also-generate-pkcs8-key`). */
function jdbcKeyPath(sslkey: string): string {
	return sslkey.endsWith('.pk8') ? sslkey : `${sslkey}.pk8`;
}

/** The JDBC URL: user (never the password) and TLS settings in the query, as pgjdbc reads them. */
export function jdbcUrl(setup: ConnectionSetup): string {
	const query: Array<[string, string]> = [['user', setup.user], ['sslmode', setup.sslmode]];
	if (setup.sslrootcert) query.push(['sslrootcert', setup.sslrootcert]);
	if (setup.sslcert) query.push(['sslcert', setup.sslcert]);
	if (setup.sslkey) query.push(['sslkey', jdbcKeyPath(setup.sslkey)]);
	for (const [k, v] of Object.entries(publicParams(setup.params) ?? {})) query.push([k === 'application_name' ? 'ApplicationName' : k, v]);
	return `jdbc:postgresql://${formatHostForUrl(setup.host)}:${setup.port}/${encodeComponentStrict(setup.database)}?${query.map(([k, v]) => `${k}=${encodeComponentStrict(v).replace(/%2F/g, '/')}`).join('&')}`;
}

/** The parameters as label/value rows. */
function connectionParameters(setup: ConnectionSetup): Array<[string, string]> {
	const rows: Array<[string, string]> = [['host', setup.host], ['port', String(setup.port)], ['database', setup.database], ['user', setup.user], ['sslmode', setup.sslmode]];
	if (setup.sslrootcert) rows.push(['sslrootcert', setup.sslrootcert]);
	if (setup.sslcert) rows.push(['sslcert', setup.sslcert]);
	if (setup.sslkey) rows.push(['sslkey', setup.sslkey]);
	for (const [k, v] of Object.entries(publicParams(setup.params) ?? {})) rows.push([k, v]);
	return rows;
}

/** Render one format. */
export function renderFormat(name: FormatName, setup: ConnectionSetup, execute: readonly string[] = []): string {
	const format: ConnectionFormat = CONNECTION_FORMATS.find(f => f.name === name)!;
	return format.render({setup, url: buildConnectionUrl(setup, 'omit'), passwordEnv: snippetPasswordEnv(setup), execute});
}

/** The variable a snippet reads the password from: none for a client certificate (snippets never hold the password). */
export function snippetPasswordEnv(setup: ConnectionSetup): string | undefined {
	return setup.sslcert ? undefined : setup.passwordEnv ?? DEFAULT_PASSWORD_ENV;
}

/** Python: psycopg2 or psycopg (3) connects from the URL, the password from the environment. */
function psycopg(module: 'psycopg2' | 'psycopg', {url, passwordEnv}: FormatInput): string {
	return ['import os', `import ${module}`, '', `conn = ${module}.connect(${q(url)}${passwordEnv ? `, password=os.environ[${q(passwordEnv)}]` : ''})`].join('\n');
}

/** node-postgres TLS options for an sslmode: the CA and client files read from disk, checks as libpq does them. */
function jsSsl(setup: ConnectionSetup): string {
	if (setup.sslmode === 'disable') return 'false';
	const verify = setup.sslmode === 'verify-ca' || setup.sslmode === 'verify-full';
	const parts: string[] = [];
	if (!verify) parts.push('rejectUnauthorized: false');
	if (verify && setup.sslrootcert) parts.push(`ca: fs.readFileSync(${q(setup.sslrootcert)}, 'utf8')`);
	if (setup.sslmode === 'verify-ca') parts.push('checkServerIdentity: () => undefined');
	if (setup.sslcert && setup.sslkey) parts.push(`cert: fs.readFileSync(${q(setup.sslcert)}, 'utf8')`, `key: fs.readFileSync(${q(setup.sslkey)}, 'utf8')`);
	return `{${parts.join(', ')}}`;
}

/** Go: parse the URL into a pgx config and set the password from the environment (GORM uses the same config). */
function pgxConfig(url: string, passwordEnv: string | undefined): string[] {
	return [
		`config, err := pgx.ParseConfig(${goString(url)})`,
		'if err != nil {',
		'\tlog.Fatal(err)',
		'}',
		...(passwordEnv ? [`config.Password = os.Getenv(${goString(passwordEnv)})`] : []),
	];
}

function pyDict(entries: Record<string, string>): string {
	return `{${Object.entries(entries).map(([k, v]) => `${q(k)}: ${q(v)}`).join(', ')}}`;
}

function goString(text: string): string {
	return text.includes('`') ? JSON.stringify(text) : `\`${text}\``;
}

function xmlEscape(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Every format at once, for `url --json`. */
export function renderAllFormats(setup: ConnectionSetup): Record<FormatName, string> {
	return Object.fromEntries(FORMATS.map(name => [name, renderFormat(name, setup)])) as Record<FormatName, string>;
}
