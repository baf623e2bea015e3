import {describe, expect, it} from 'vitest';
import {closestKeyword, resolveTarget} from '../../src/core/doctor-target.js';

const ctx = {env: {}, osUser: 'ana'};
const warnings = (url: string, env: NodeJS.ProcessEnv = {}) => {
	const result = resolveTarget(url, {...ctx, env});
	if (!result.ok) throw new Error(result.error);
	return result.warnings.join('\n');
};

describe('resolveTarget (libpq defaults, sources, other clients)', () => {
	it("uses libpq's defaults and says so: port 5432, prefer, the user name as database", () => {
		const result = resolveTarget('postgresql://h', ctx);
		expect(result.ok && result.target).toMatchObject({hosts: [{host: 'h', port: 5432}], user: {value: 'ana', source: "your OS user name (libpq's default)"}, database: {value: 'ana'}, sslmode: {value: 'prefer', source: "libpq's default"}});
		const text = warnings('postgresql://h');
		expect(text).toMatch(/no port: psql and libpq use 5432, cockroach sql uses 26257/);
		expect(text).toMatch(/no sslmode: libpq assumes prefer/);
		expect(text).toMatch(/psql connects to the database named like the user \("ana"\), cockroach sql to defaultdb/);
	});

	it('one port for all hosts, or one per host; libpq\'s error otherwise', () => {
		expect(resolveTarget('postgresql://a,b:1/d', ctx)).toMatchObject({ok: true, target: {hosts: [{host: 'a', port: 5432}, {host: 'b', port: 1}]}});
		expect(resolveTarget('postgresql://u@a,b/d?port=1,2,3', ctx)).toEqual({ok: false, error: 'could not match 3 port numbers to 2 hosts: give one port for all, or one per host'});
		expect(resolveTarget('postgresql://u@a:99999/d', ctx)).toMatchObject({ok: false, error: /^invalid port number: "99999"/});
	});

	it('names the node-postgres, Go and pgjdbc differences', () => {
		const text = warnings('postgresql://u:p+w@h:26257/d?sslmode=require&sslcert=/c/client.u.crt&sslkey=/c/client.u.key');
		expect(text).toMatch(/node-postgres treats sslmode=require as verify-full/);
		expect(text).toMatch(/Go clients \(cockroach sql\) read it as a space/);
		expect(text).toMatch(/pgjdbc \(DBeaver, DataGrip\) ignores user:password@ in the URL/);
		expect(text).toMatch(/pgjdbc reads client keys as PKCS#8 DER \(\.pk8\)/);
		expect(warnings('postgresql://u@h:26257/d?sslmode=verify-full&sslrootcert=/c/ca.crt&sslcert=/c/u.crt&sslkey=/c/u.key.pk8')).not.toMatch(/pgjdbc/);
	});

	it('says a client certificate is not sent under sslmode=disable', () => {
		const notSent = /sslcert\/sslkey are not used under sslmode=disable: a client certificate is sent only over TLS/;
		expect(warnings('postgresql://u@h:26257/d?sslmode=disable&sslcert=/c/client.u.crt&sslkey=/c/client.u.key')).toMatch(notSent);
		expect(warnings('postgresql://u@h:26257/d?sslmode=verify-full&sslrootcert=/c/ca.crt&sslcert=/c/client.u.crt&sslkey=/c/client.u.key')).not.toMatch(notSent);
		expect(warnings('postgresql://u@h:26257/d?sslmode=disable')).not.toMatch(notSent);
	});

	it('refuses what libpq refuses, with the real cause first', () => {
		expect(resolveTarget('postgresql://u@h/d?sslmode=sometimes', ctx)).toMatchObject({ok: false, error: /^invalid sslmode value: "sometimes" \(from the URL\)/});
		expect(resolveTarget('postgresql://u@h/d?sslmode=maybe', ctx)).toMatchObject({ok: false});
		expect(resolveTarget('postgresql://u@h/d', {...ctx, env: {PGSSLMODE: 'nope'}})).toMatchObject({ok: false, error: /from PGSSLMODE/});
		expect(resolveTarget('postgresql://u:%3CENTER-SQL-USER-PASSWORD%3E@h/d', ctx)).toMatchObject({ok: false, error: /placeholder/});
		expect(resolveTarget('postgresql://u@h/d?application_name=x%', ctx)).toMatchObject({ok: false, error: /write a literal % as %25.*\(libpq: invalid percent-encoded token/});
	});

	it('an explicit password wins over the URL and PGPASSWORD, and each is named', () => {
		expect(resolveTarget('postgresql://u:url@h/d', {...ctx, env: {PGPASSWORD: 'env'}, password: {value: 'flag', source: '--password-env P'}})).toMatchObject({ok: true, target: {password: {value: 'flag', source: '--password-env P'}}});
		expect(resolveTarget('postgresql://u:url@h/d', {...ctx, env: {PGPASSWORD: 'env'}})).toMatchObject({ok: true, target: {password: {value: 'url', source: 'the URL'}}});
		expect(resolveTarget('postgresql://u@h/d', {...ctx, env: {PGPASSWORD: 'env'}})).toMatchObject({ok: true, target: {password: {value: 'env', source: 'PGPASSWORD'}}});
	});

	it('suggests the keyword meant', () => {
		expect(closestKeyword('sslroot')).toBe('sslrootcert');
		expect(closestKeyword('sslmod')).toBe('sslmode');
		expect(closestKeyword('applicaton_name')).toBe('application_name');
		expect(closestKeyword('zzzzzzzzzz')).toBeUndefined();
	});
});
