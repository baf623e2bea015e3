/**
Helpers for driving Ink components in tests: act, then wait for a condition. No fixed sleeps.

Components render under the wizard's key fan-out (src/front/ink/keys.tsx), as in production: a widget takes keys
from the commit that draws it. (Under Ink's own useInput a handler was attached later, in a passive effect, and a
key sent as soon as the frame showed could reach the previous handler, or none: test/front/ink/keys.test.tsx.)
*/
import {render} from 'ink-testing-library';
import {createElement, type ReactElement} from 'react';
import {expect, vi} from 'vitest';
import {KeysProvider} from '../../src/front/ink/keys.js';

/** Key sequences as a terminal sends them. */
export const KEY = {enter: '\r', escape: '\u001B', down: '\u001B[B', up: '\u001B[A', tab: '\t', backspace: '\u007F', ctrlC: '\u0003', ctrlU: '\u0015'};

const WAIT = {timeout: 10_000, interval: 5};

/** Wait until the last frame contains the text (polls; no fixed sleeps). */
export async function waitForFrame(lastFrame: () => string | undefined, text: string | RegExp, timeout = WAIT.timeout): Promise<string> {
	await vi.waitFor(() => {
		const frame = lastFrame() ?? '';
		if (typeof text === 'string') expect(frame).toContain(text);
		else expect(frame).toMatch(text);
	}, {timeout, interval: WAIT.interval});
	return lastFrame() ?? '';
}

const shows = (frame: string | undefined, text: string | RegExp): boolean => (typeof text === 'string' ? (frame ?? '').includes(text) : text.test(frame ?? ''));

/** An Ink app under test, with input that waits for the app to be ready for it. */
export type InkApp = ReturnType<typeof render> & {
	/** Wait until the last frame shows `text` and the key handlers drawn with it are attached. */
	ready: (text: string | RegExp) => Promise<string>;
	/** Send one key (or a pasted chunk) now; follow it with `ready(…)` or a wait on its effect. */
	press: (key: string) => void;
	/** `ready(text)`, then each key, waiting for the app to take each one (its frame still shows `text`). */
	at: (text: string | RegExp, ...keys: string[]) => Promise<void>;
};

/**
Render with ink-testing-library under the wizard's key fan-out (src/front/ink/keys.tsx), as run-ink renders it: a
widget's handler is attached in the commit that draws it, so a frame that shows a question can take its keys.
*/
export function renderInk(node: ReactElement): InkApp {
	const app = render(createElement(KeysProvider, null, node));
	/** Frames drawn when the last key was sent: a wait after a key looks only at frames drawn since. */
	let mark = 0;

	const ready = async (text: string | RegExp): Promise<string> => {
		await vi.waitFor(() => {
			expect(app.frames.length - 1 >= mark, 'a frame drawn since the last key').toBe(true);
			expect(app.lastFrame() ?? '').toSatisfy((frame: string) => shows(frame, text), `the frame shows ${String(text)}`);
		}, WAIT);
		return app.lastFrame() ?? '';
	};

	const press = (key: string): void => {
		mark = app.frames.length;
		app.stdin.write(key);
	};

	const at = async (text: string | RegExp, ...keys: string[]): Promise<void> => {
		await ready(text);
		for (const [i, key] of keys.entries()) {
			press(key);
			// Typed text redraws the same question: wait for that before the next key. The last key is
			// followed by the caller's next `at`, which waits for the next screen.
			if (i < keys.length - 1) await ready(text);
		}
	};

	return Object.assign(app, {ready, press, at});
}
