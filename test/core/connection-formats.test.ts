import {execFileSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {CONNECTION_FORMATS, FORMATS, jdbcUrl, renderAllFormats, renderFormat} from '../../src/core/connection-formats.js';
import type {ConnectionSetup} from '../../src/core/setup.js';

const password: ConnectionSetup = {host: 'db.example.com', port: 26257, user: 'alice', password: 's3cret!', passwordEnv: 'CRDB_PASSWORD', database: 'bank', sslmode: 'verify-full', sslrootcert: '/certs/ca.crt'};
const certificate: ConnectionSetup = {host: 'localhost', port: 26257, user: 'root', database: 'defaultdb', sslmode: 'verify-full', sslrootcert: '/c/ca.crt', sslcert: '/c/client.root.crt', sslkey: '/c/client.root.key'};

describe('connection formats', () => {
	it('never puts the password into any format', () => {
		for (const text of Object.values(renderAllFormats(password))) expect(text).not.toContain('s3cret');
	});

	it('prints the cockroach sql command, URL and parameters', () => {
		expect(renderFormat('cockroach-sql', password)).toBe("cockroach sql --url 'postgresql://alice@db.example.com:26257/bank?sslmode=verify-full&sslrootcert=/certs/ca.crt'");
		expect(renderFormat('url', password)).toBe('postgresql://alice@db.example.com:26257/bank?sslmode=verify-full&sslrootcert=/certs/ca.crt');
		expect(renderFormat('params', password)).toBe('host         db.example.com\nport         26257\ndatabase     bank\nuser         alice\nsslmode      verify-full\nsslrootcert  /certs/ca.crt');
	});

	it('reads the password from the named environment variable in every snippet', () => {
		expect(renderFormat('psycopg2', password)).toContain('password=os.environ["CRDB_PASSWORD"]');
		expect(renderFormat('pgx', password)).toContain('config.Password = os.Getenv(`CRDB_PASSWORD`)');
		expect(renderFormat('node-pg', password)).toContain('password: process.env.CRDB_PASSWORD,');
		expect(renderFormat('jdbc', password)).toBe([
			'Properties props = new Properties();',
			'props.setProperty("password", System.getenv("CRDB_PASSWORD"));',
			'Connection conn = DriverManager.getConnection("jdbc:postgresql://db.example.com:26257/bank?user=alice&sslmode=verify-full&sslrootcert=/certs/ca.crt", props);',
		].join('\n'));
	});

	it('uses the PKCS#8 key for JDBC client certificates and no password anywhere', () => {
		expect(jdbcUrl(certificate)).toBe('jdbc:postgresql://localhost:26257/defaultdb?user=root&sslmode=verify-full&sslrootcert=/c/ca.crt&sslcert=/c/client.root.crt&sslkey=/c/client.root.key.pk8');
		expect(renderFormat('jdbc', certificate)).not.toContain('password');
		expect(renderFormat('hibernate', certificate)).toContain('sslkey=/c/client.root.key.pk8</property>');
		expect(renderFormat('psycopg2', certificate)).not.toContain('password');
	});

	it('gives SQLAlchemy the cockroachdb dialect and Prisma the cockroachdb provider', () => {
		expect(renderFormat('sqlalchemy', password)).toContain('"cockroachdb",');
		expect(renderFormat('prisma', password)).toContain('provider = "cockroachdb"');
		expect(renderFormat('prisma', password)).toContain('DATABASE_URL=postgresql://alice:<$CRDB_PASSWORD, percent-encoded>@db.example.com');
	});

	it('writes Python snippets that python3 parses', () => {
		for (const name of ['psycopg2', 'psycopg3', 'sqlalchemy'] as const) {
			for (const setup of [password, certificate]) {
				expect(() => execFileSync('python3', ['-c', 'import ast,sys; ast.parse(sys.stdin.read())'], {input: renderFormat(name, setup)})).not.toThrow();
			}
		}
	});

	it('writes JavaScript snippets that node parses', () => {
		for (const name of ['node-pg', 'sequelize'] as const) {
			expect(() => execFileSync(process.execPath, ['--input-type=module', '--check'], {input: renderFormat(name, password)})).not.toThrow();
		}
	});

	it('writes Hibernate XML that is well formed', () => {
		const xml = `<c>${renderFormat('hibernate', password)}</c>`;
		expect(() => execFileSync('python3', ['-c', 'import sys, xml.dom.minidom as m; m.parseString(sys.stdin.read())'], {input: xml})).not.toThrow();
	});

	it('lists thirteen formats', () => {
		expect(FORMATS).toHaveLength(13);
	});

	it('has one row per name in its registry, each with a label', () => {
		expect(new Set(FORMATS).size).toBe(CONNECTION_FORMATS.length);
		for (const format of CONNECTION_FORMATS) expect(format.label).not.toBe('');
	});

	it('is listed in README (crdb-connect url --format) exactly as the registry has it, both ways and in order', () => {
		const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
		const section = readme.split('\n## `crdb-connect url`\n')[1]!.split('\n## ')[0]!;
		const list = /`--format` one of ([^;]+);/.exec(section.replace(/\n/g, ' '))![1]!;
		expect([...list.matchAll(/`([a-z0-9-]+)`/g)].map(m => m[1])).toEqual([...FORMATS]);
	});
});
