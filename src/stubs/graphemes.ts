/**
The grapheme segments Ink's line tokenizer (@alcalzone/ansi-tokenize) reads, patched in by
scripts/bundle-patches.mjs. A line of printable ASCII, the narrow symbols of ./string-width.ts and escape codes
splits into one segment per character, exactly as Intl.Segmenter splits it (none of them joins its neighbour), so
no segmenter is made for it: the first one made loads ICU's break rules, ~9 ms the first frame need not wait for.
*/
import {NARROW_CLASS} from './string-width.js';

/** Lines whose every character is its own grapheme: narrow characters and ESC (a control, which never joins). */
const SIMPLE = new RegExp(`^[\\u001B${NARROW_CLASS}]*$`);
let segmenter: Intl.Segmenter | undefined;

/** The grapheme segments of `text`, as Intl.Segmenter gives them. */
export function graphemes(text: string): Iterable<{segment: string; index: number}> {
	// Every character the class admits is in the BMP, so the nth character starts at UTF-16 index n.
	if (SIMPLE.test(text)) return Array.from(text, (segment, index) => ({segment, index}));
	segmenter ??= new Intl.Segmenter(undefined, {granularity: 'grapheme'});
	return segmenter.segment(text);
}
