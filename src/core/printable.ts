/**
Text from others (a server's error, the Cloud API's names and messages) made safe to print: terminal escape
sequences, control characters (but newline and tab) and bidirectional overrides are removed, so a message
cannot clear the screen, retitle the window, or hide what follows. Pure.
*/

// eslint-disable-next-line no-control-regex -- matching terminal escape sequences is the point
const ESCAPE_SEQUENCE = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-Z\\-_])/g;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** The text without escape sequences and control characters (newline and tab are kept). */
export function printable(text: string): string {
	return text.replace(ESCAPE_SEQUENCE, '').replace(CONTROL, '');
}

/** Whether the text holds anything printable() would remove. */
export function hasControlCharacters(text: string): boolean {
	CONTROL.lastIndex = 0;
	// eslint-disable-next-line no-control-regex -- matching control characters is the point
	return /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(text);
}
