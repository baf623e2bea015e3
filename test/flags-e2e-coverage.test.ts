/**
Every flag of every command's table (src/flags.ts) is run through the real binary by some test: its literal
(`'--name'`, `'--name=…'`, or `'-x'` for a short form) appears in a test file that runs bin/crdb-connect.js
(through runCli or the pty helpers), and a subcommand's flag in one that names the subcommand ('doctor', 'url',
'cert') too. A text check, not a trace of argv: it catches a new flag nobody runs, not a literal used elsewhere in such a file.
*/
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {COMMAND_FLAGS, FLAGS, type FlagSpec} from '../src/flags.js';

const TEST_DIR = path.resolve('test');

/** The source of every test file that starts the real binary. */
const binaryTests = readdirSync(TEST_DIR, {recursive: true}).map(String).filter(name => /\.test\.tsx?$/.test(name)).map(name => readFileSync(path.join(TEST_DIR, name), 'utf8')).filter(text => /\brunCli\(|\bBIN\b|bin\/crdb-connect\.js/.test(text));

/** A flag's literal in argv: quoted, alone or with `=value`. */
function literal(flag: string): RegExp {
	return new RegExp(String.raw`['"\`]${flag.replace(/-/g, '\\-')}(['"\`=])`);
}

/** The forms of a row that must each appear: the long one, and the short one if it has one. */
const forms = (row: FlagSpec) => [`--${row.name}`, ...(row.short ? [`-${row.short}`] : [])];

describe('every flag goes through the real binary in some test', () => {
	it('finds test files that run the binary', () => {
		expect(binaryTests.length).toBeGreaterThan(10);
	});

	it('the wizard\'s flags', () => {
		const unrun = FLAGS.filter(row => !row.env).flatMap(forms).filter(flag => !binaryTests.some(text => literal(flag).test(text)));
		expect(unrun).toEqual([]);
	});

	for (const command of ['doctor', 'url', 'cert'] as const) {
		it(`${command}'s flags`, () => {
			const files = binaryTests.filter(text => text.includes(`['${command}'`));
			const unrun = COMMAND_FLAGS[command].flatMap(forms).filter(flag => !files.some(text => literal(flag).test(text)));
			expect(unrun).toEqual([]);
		});
	}
});
