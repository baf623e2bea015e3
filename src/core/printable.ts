/**
Text from others (a server's error, the Cloud API's names and messages) made safe to print: terminal escape
sequences, control characters (but newline and tab) and bidirectional controls (embeddings, overrides, isolates
and the invisible marks LRM, RLM and ALM) are removed, so a message cannot clear the screen, retitle the window,
or reorder or hide what follows. Pure.
*/

// eslint-disable-next-line no-control-regex -- matching terminal escape sequences is the point
const ESCAPE_SEQUENCE = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-Z\\-_])/g;
// C0 (but tab and newline), DEL, C1, and the bidi controls: ALM, LRM/RLM, LRE…RLO, LRI…PDI.
const CONTROL_CLASS = '[\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]';
const CONTROL = new RegExp(CONTROL_CLASS, 'g');
const HAS_CONTROL = new RegExp(CONTROL_CLASS);

/** The text without escape sequences and control characters (newline and tab are kept). */
export function printable(text: string): string {
	return text.replace(ESCAPE_SEQUENCE, '').replace(CONTROL, '');
}

/** Whether the text holds anything printable() would remove. */
export function hasControlCharacters(text: string): boolean {
	return HAS_CONTROL.test(text);
}
