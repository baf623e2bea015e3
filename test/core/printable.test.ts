import {describe, expect, it} from 'vitest';
import {hasControlCharacters, printable} from '../../src/core/printable.js';

describe('printable', () => {
	it.each([
		['clear screen', 'a\u001b[2Jb', 'ab'],
		['window title (OSC, BEL)', 'a\u001b]0;owned\u0007b', 'ab'],
		['window title (OSC, ST)', 'a\u001b]0;owned\u001b\\b', 'ab'],
		['colour', '\u001b[31mred\u001b[0m', 'red'],
		['carriage return and backspace', 'ok\r\bno', 'okno'],
		['bidi override', 'abc\u202edef', 'abcdef'],
		['C1 CSI', 'a\u009b2Jb', 'a2Jb'],
		['left-to-right mark', 'a\u200eb', 'ab'],
		['right-to-left mark', 'a\u200fb', 'ab'],
		['Arabic letter mark', 'a\u061cb', 'ab'],
		['bidi embeddings and pop', '\u202aa\u202bb\u202cc\u202dd', 'abcd'],
		['bidi isolates', '\u2066a\u2067b\u2068c\u2069', 'abc'],
	])('removes %s', (_what, input, output) => {
		expect(printable(input)).toBe(output);
		expect(hasControlCharacters(input)).toBe(true);
	});

	it('keeps newlines, tabs and ordinary text (also non-ASCII)', () => {
		expect(printable('line 1\n\tline 2 — café ✔')).toBe('line 1\n\tline 2 — café ✔');
		expect(hasControlCharacters('line 1\n\tline 2')).toBe(false);
	});
});
