/**
Every way to hand a connection to a person or a program: the `cockroach sql` command, the URL, a
parameters table, and snippets for common drivers. Pure. Snippets never hold the password: they read it
from an environment variable.
*/
import {buildConnectionUrl, encodeComponentStrict, formatHostForUrl, publicParams} from './connection-url.js';
import {shellQuote} from './launch-plan.js';
import type {ConnectionSetup} from './setup.js';

/** Every format, in the order `--json` lists them. */
export const FORMATS = ['cockroach-sql', 'url', 'params', 'psycopg2', 'psycopg3', 'sqlalchemy', 'pgx', 'gorm', 'node-pg', 'sequelize', 'prisma', 'jdbc', 'hibernate'] as const;

/** One of FORMATS. */
export type FormatName = (typeof FORMATS)[number];

/** The environment variable snippets read the password from when the setup names none. */
export const DEFAULT_PASSWORD_ENV = 'COCKROACH_PASSWORD';

/** Whether a string names a format. */
export function isFormatName(name: string): name is FormatName {
	return (FORMATS as readonly string[]).includes(name);
}

const q = (text: string) => JSON.stringify(text);

/** The JDBC key file: PKCS#8 DER (`.key.pk8`, from `cert create-client --also-generate-pkcs8-key`). */
export function jdbcKeyPath(sslkey: string): string {
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
export function connectionParameters(setup: ConnectionSetup): Array<[string, string]> {
	const rows: Array<[string, string]> = [['host', setup.host], ['port', String(setup.port)], ['database', setup.database], ['user', setup.user], ['sslmode', setup.sslmode]];
	if (setup.sslrootcert) rows.push(['sslrootcert', setup.sslrootcert]);
	if (setup.sslcert) rows.push(['sslcert', setup.sslcert]);
	if (setup.sslkey) rows.push(['sslkey', setup.sslkey]);
	for (const [k, v] of Object.entries(publicParams(setup.params) ?? {})) rows.push([k, v]);
	return rows;
}

/** Render one format. */
export function renderFormat(name: FormatName, setup: ConnectionSetup): string {
	const env = setup.passwordEnv ?? DEFAULT_PASSWORD_ENV;
	const usesPassword = !setup.sslcert;
	const url = buildConnectionUrl(setup, 'omit');
	switch (name) {
		case 'cockroach-sql':
			return ['cockroach', 'sql', '--url', url].map(shellQuote).join(' ');
		case 'url':
			return url;
		case 'params': {
			const rows = connectionParameters(setup);
			const width = Math.max(...rows.map(([k]) => k.length));
			return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n');
		}

		case 'psycopg2':
		case 'psycopg3': {
			// The two drivers take the same call; only the module differs.
			const module = name === 'psycopg2' ? 'psycopg2' : 'psycopg';
			return ['import os', `import ${module}`, '', `conn = ${module}.connect(${q(url)}${usesPassword ? `, password=os.environ[${q(env)}]` : ''})`].join('\n');
		}

		case 'sqlalchemy': {
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
				...(usesPassword ? [`    password=os.environ[${q(env)}],`] : []),
				`    host=${q(setup.host)},`,
				`    port=${setup.port},`,
				`    database=${q(setup.database)},`,
				`    query=${pyDict(connectArgs)},`,
				')',
				'engine = create_engine(url)',
			].join('\n');
		}

		case 'pgx':
			return [...pgxConfig(url, usesPassword ? env : undefined), 'conn, err := pgx.ConnectConfig(context.Background(), config)'].join('\n');
		case 'gorm':
			return [...pgxConfig(url, usesPassword ? env : undefined), 'db, err := gorm.Open(postgres.New(postgres.Config{Conn: stdlib.OpenDB(*config)}), &gorm.Config{})'].join('\n');
		case 'node-pg':
			// Fields, not connectionString: node-postgres lets a parsed string override an explicit password
			// and replace the ssl object (user-pain.md #25), so TLS is stated once, here.
			return [
				"import fs from 'node:fs';",
				"import pg from 'pg';",
				'',
				'const client = new pg.Client({',
				`	host: ${q(setup.host)},`,
				`	port: ${setup.port},`,
				`	database: ${q(setup.database)},`,
				`	user: ${q(setup.user)},`,
				...(usesPassword ? [`	password: process.env.${env},`] : []),
				`	ssl: ${jsSsl(setup)},`,
				'});',
				'await client.connect();',
			].join('\n');
		case 'sequelize':
			return [
				"import fs from 'node:fs';",
				"import {Sequelize} from 'sequelize';",
				'',
				`const sequelize = new Sequelize(${q(setup.database)}, ${q(setup.user)}, ${usesPassword ? `process.env.${env}` : 'undefined'}, {`,
				`	host: ${q(setup.host)},`,
				`	port: ${setup.port},`,
				"	dialect: 'postgres',",
				`	dialectOptions: {ssl: ${jsSsl(setup)}},`,
				'});',
			].join('\n');
		case 'prisma': {
			// Prisma reads the whole URL, password included, from DATABASE_URL: point at the .env writer.
			const placeholder = usesPassword ? url.replace(`${encodeComponentStrict(setup.user)}@`, `${encodeComponentStrict(setup.user)}:<$${env}, percent-encoded>@`) : url;
			return [
				'// schema.prisma',
				'datasource db {',
				'  provider = "cockroachdb"',
				'  url      = env("DATABASE_URL")',
				'}',
				'',
				usesPassword ? `# .env (mode 0600), written with the real password by: crdb-connect url … --password-env ${env} --dotenv .env` : '# .env',
				`DATABASE_URL=${placeholder}`,
			].join('\n');
		}

		case 'jdbc':
			return [
				'Properties props = new Properties();',
				...(usesPassword ? [`props.setProperty("password", System.getenv(${q(env)}));`] : []),
				`Connection conn = DriverManager.getConnection(${q(jdbcUrl(setup))}, props);`,
			].join('\n');
		case 'hibernate':
			return [
				'<!-- hibernate.cfg.xml -->',
				'<property name="hibernate.connection.driver_class">org.postgresql.Driver</property>',
				`<property name="hibernate.connection.url">${xmlEscape(jdbcUrl(setup))}</property>`,
				...(usesPassword ? [`<!-- the password: set hibernate.connection.password from $${env} at startup -->`] : []),
				'<property name="hibernate.dialect">org.hibernate.dialect.CockroachDialect</property>',
			].join('\n');
	}
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
