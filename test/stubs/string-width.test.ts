import fc from 'fast-check';
import realStringWidth from 'string-width';
import {describe, expect, it} from 'vitest';
import stringWidth, {NARROW} from '../../src/stubs/string-width.js';

/** Every code point (all are in the BMP) that the fast path answers without the real function. */
function admitted(): number[] {
	const points: number[] = [];
	for (let cp = 0; cp <= 0xFFFF; cp++) if (NARROW.test(String.fromCharCode(cp))) points.push(cp);
	return points;
}

describe('string-width in the bundle', () => {
	it('gives the real width for every character its fast path admits', () => {
		const points = admitted();
		expect(points.length).toBeGreaterThan(500);
		const differ = points.filter(cp => stringWidth(String.fromCodePoint(cp)) !== realStringWidth(String.fromCodePoint(cp)));
		expect(differ.map(cp => cp.toString(16))).toEqual([]);
	});

	it('gives the real width for any string of them (no two form one wider cluster)', () => {
		const points = admitted();
		fc.assert(fc.property(fc.array(fc.constantFrom(...points), {maxLength: 40}), cps => {
			const text = String.fromCharCode(...cps);
			expect(stringWidth(text)).toBe(realStringWidth(text));
		}), {numRuns: 2000});
	});

	it('agrees with the real one on frames, colours, wide text, emoji and combining marks', () => {
		const samples = [
			'Step 1 of 4 · Authorize network',
			'● Authorize network  ○ Create SQL user  ○ Choose connection method  ○ Connect',
			'\u001B[1m\u001B[36m✔ How do you reach the cluster?\u001B[39m\u001B[22m · CockroachDB Cloud',
			'❯ Accept the plan', '↑↓ choose · Enter confirm · Esc back · Ctrl-C quit', '⠋ Check the login (0.2 s)',
			'古い', '✅ done', '👍🏽', 'e\u0301', '✔\uFE0F', '', 'Ａ', '\u00AD', 'a\u200Db', '©', '®',
		];
		for (const text of samples) expect([text, stringWidth(text)]).toEqual([text, realStringWidth(text)]);
		expect(stringWidth('·', {ambiguousIsNarrow: false})).toBe(realStringWidth('·', {ambiguousIsNarrow: false}));
		expect(stringWidth('\u001B[1mab\u001B[22m', {countAnsiEscapeCodes: true})).toBe(realStringWidth('\u001B[1mab\u001B[22m', {countAnsiEscapeCodes: true}));
	});
});
