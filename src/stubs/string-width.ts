/**
string-width as Ink sees it in the bundle (scripts/build.mjs routes Ink's imports here): the same answer,
reached faster for the text a wizard frame holds. The real function runs every non-ASCII string through
Intl.Segmenter and the `\p{RGI_Emoji}` regular expression, whose first use compiles for ~25 ms: the first frame
paid that for its "●", "○" and "·". Strings made only of printable ASCII and of the narrow symbols below are one
column per character (test/stubs/string-width.test.ts checks every one of them against the real function);
everything else goes to the real one.
*/
import realStringWidth, {type Options} from 'string-width';
import stripAnsi from 'strip-ansi';

/**
Printable ASCII, Latin-1 letters and signs, and the symbol blocks a terminal UI draws with (punctuation, arrows,
box drawing, geometric shapes, a few dingbats, braille spinners): none is wide, zero-width, combining or an emoji
by default. As the inside of a character class, shared with ./graphemes.ts.
*/
export const NARROW_CLASS = String.raw`\u0020-\u007E\u00A1-\u00A8\u00AA-\u00AC\u00AF-\u00FF\u2010-\u2027\u2030-\u205E\u2190-\u21FF\u2500-\u25FC\u2714\u2716\u2718\u271A\u276F\u2800-\u28FF`;
/** Whole strings of those characters: one column each. */
export const NARROW = new RegExp(`^[${NARROW_CLASS}]*$`);

/** The width in terminal columns of `text`, exactly as string-width counts it. */
export default function stringWidth(text: string, options?: Options): number {
	if (typeof text !== 'string' || options?.ambiguousIsNarrow === false || options?.countAnsiEscapeCodes) return realStringWidth(text, options);
	const plain = text.includes('\u001B') || text.includes('\u009B') ? stripAnsi(text) : text;
	return NARROW.test(plain) ? plain.length : realStringWidth(plain, options);
}
