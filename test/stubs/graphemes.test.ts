import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {graphemes} from '../../src/stubs/graphemes.js';
import {NARROW} from '../../src/stubs/string-width.js';

const segmenter = new Intl.Segmenter(undefined, {granularity: 'grapheme'});
const real = (text: string) => [...segmenter.segment(text)].map(({segment, index}) => ({segment, index}));
const ours = (text: string) => [...graphemes(text)].map(({segment, index}) => ({segment, index}));

/** Every BMP character the fast path splits by itself. */
const narrow: string[] = [];
for (let cp = 0; cp <= 0xFFFF; cp++) if (NARROW.test(String.fromCharCode(cp))) narrow.push(String.fromCharCode(cp));

describe('grapheme segments for Ink\'s line tokenizer', () => {
	it('splits lines of narrow characters and escape codes exactly as Intl.Segmenter does', () => {
		const pieces = fc.oneof(fc.constantFrom(...narrow), fc.constantFrom('\u001B[1m', '\u001B[22m', '\u001B[36m', '\u001B[39m', '\u001B]8;;https://x\u0007', '\u001B'));
		fc.assert(fc.property(fc.array(pieces, {maxLength: 30}), parts => {
			const text = parts.join('');
			expect(ours(text)).toEqual(real(text));
		}), {numRuns: 2000});
	});

	it('leaves everything else to Intl.Segmenter: combining marks, emoji, CR LF, wide text', () => {
		for (const text of ['e\u0301', '👍🏽 ok', '✔\uFE0F', 'a\r\nb', '古い', '🇫🇷', 'a\u200Db', '\u001B[1m👍\u001B[22m']) expect(ours(text)).toEqual(real(text));
	});
});
