/**
parseConninfo against libpq itself: thousands of generated connection strings (URIs with odd user infos,
multi-host lists, IPv6, percent escapes, misspelt and unencoded parameters; key=value strings) go through both
parsers, and the keyword maps or the error texts must be identical.
*/
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {parseConninfo} from '../../src/core/connection-url.js';
import {libpqParse} from '../helpers/libpq-parse.js';

const piece = fc.constantFrom('a', 'b', 'Z', '9', '-', '_', '.', '@', ':', '/', '?', '&', '=', '%', '%2F', '%3D', '%40', '%20', '%zz', '%00', '%4', '[', ']', ',', '+', '#', ' ', 'é', '~', "'", '\\');
const word = fc.array(piece, {maxLength: 6}).map(a => a.join(''));
const plain = fc.array(fc.constantFrom('a', 'b', 'c', '1', '2', '-', '.'), {minLength: 1, maxLength: 5}).map(a => a.join(''));
const keyword = fc.constantFrom('user', 'password', 'host', 'port', 'dbname', 'sslmode', 'sslrootcert', 'sslcert', 'sslkey', 'sslpassword', 'options', 'application_name', 'connect_timeout', 'ssl', 'sslroot', 'results_buffer_size', '');
const host = fc.oneof(plain, word, fc.constant('[::1]'), fc.constant('[fe80::1'), fc.constant('[]'), plain.map(h => `[${h}]x`));
const uri = fc.record({
	scheme: fc.constantFrom('postgresql://', 'postgres://', 'POSTGRESQL://', 'jdbc:postgresql://'),
	userinfo: fc.option(fc.tuple(word, fc.option(word)).map(([u, p]) => (p === null ? `${u}@` : `${u}:${p}@`))),
	hosts: fc.array(fc.tuple(host, fc.option(fc.oneof(plain, fc.constant('26257'), fc.constant('')))), {minLength: 1, maxLength: 3})
		.map(list => list.map(([h, p]) => (p === null ? h : `${h}:${p}`)).join(',')),
	path: fc.option(word.map(w => `/${w}`)),
	query: fc.option(fc.array(fc.tuple(keyword, fc.option(word)), {maxLength: 4}).map(pairs => `?${pairs.map(([k, v]) => (v === null ? k : `${k}=${v}`)).join('&')}`)),
}).map(u => `${u.scheme}${u.userinfo ?? ''}${u.hosts}${u.path ?? ''}${u.query ?? ''}`);
const keyValue = fc.array(fc.tuple(keyword, fc.oneof(plain, word, word.map(w => `'${w}'`)), fc.constantFrom(' ', '  ', ' = ', '=')), {maxLength: 4})
	.map(pairs => pairs.map(([k, v, eq]) => `${k}${eq.includes('=') ? eq : '='}${v}`).join(' '));

function compare(inputs: string[]): void {
	const theirs = libpqParse(inputs);
	inputs.forEach((input, i) => {
		const ours = parseConninfo(input);
		const answer = theirs[i]!;
		const expected = 'error' in answer ? {ok: false, error: answer.error} : {ok: true, values: answer.values};
		expect({input, ...ours}).toEqual({input, ...expected});
	});
}

describe('parseConninfo agrees with libpq (PQconninfoParse via psycopg2)', () => {
	it('on the cases the doctor cares about', () => {
		compare([
			'postgresql://u:p@w@h:26257/db',
			'postgresql://u:p/x@h:26257/db',
			'postgresql://u:p?x@h:26257/db',
			'postgresql://u@h1:1,h2:2/db',
			'postgresql://u@h/db?options=--cluster=x',
			'postgresql://u@h/db?options=--cluster%3Dx',
			'postgresql://u@h/db?sslroot=x',
			'postgresql://u@h/db?ssl=true',
			'postgresql://u@h/db?sslpassword=abc',
			'postgresql://u@h/db#frag',
			'postgresql://u@h/db?results_buffer_size=10',
			'POSTGRESQL://u@h/db',
			"host=a port=1 user='x y' sslmode=require",
			"host='unterminated",
		]);
	});

	it('on 3000 generated URIs and key=value strings (property)', () => {
		const inputs = fc.sample(fc.oneof({weight: 4, arbitrary: uri}, {weight: 1, arbitrary: keyValue}), {numRuns: 3000, seed: 20_261_129});
		compare(inputs);
	});
});
