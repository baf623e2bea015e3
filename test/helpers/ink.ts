/**
Helpers for driving Ink components in tests: act, then wait for a condition. No fixed sleeps.

The hazard they remove: Ink draws a frame when React commits, but a newly drawn component attaches its key
handler later, in a passive effect. A key sent in between reaches the previous handler (or none), so a test
that presses Enter as soon as the frame shows can submit a stale value. Under load that gap grows to tens of
milliseconds. `renderInk` watches Ink's input emitter, and `ready(text)` waits until the frame shows the text
*and* a key handler was attached after the frame that first showed it.
*/
import {useStdin} from 'ink';
import {render} from 'ink-testing-library';
import {createElement, useRef, type ReactElement, type ReactNode} from 'react';
import {expect, vi} from 'vitest';

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

/** Render with ink-testing-library, recording when key handlers attach relative to the frames drawn. */
export function renderInk(node: ReactElement): InkApp {
	/** For each `input` handler attached, how many frames had been drawn by then. */
	const attached: number[] = [];
	let frameCount = () => 1;
	function Probe({children}: {children: ReactNode}) {
		const {internal_eventEmitter: emitter} = useStdin();
		const watching = useRef(false);
		// Subscribe during the first render, before any child's effect can attach a handler.
		if (!watching.current) {
			watching.current = true;
			emitter.on('newListener', (event: string | symbol) => {
				if (event === 'input') attached.push(frameCount());
			});
		}

		return children;
	}

	const app = render(createElement(Probe, null, node));
	frameCount = () => app.frames.length;
	/** Frames drawn when the last key was sent: a wait after a key looks only at frames drawn since. */
	let mark = 0;

	const ready = async (text: string | RegExp): Promise<string> => {
		await vi.waitFor(() => {
			const {frames} = app;
			const last = frames.length - 1;
			expect(last >= mark, 'a frame drawn since the last key').toBe(true);
			expect(app.lastFrame() ?? '').toSatisfy((frame: string) => shows(frame, text), `the frame shows ${String(text)}`);
			let first = last;
			while (first > mark && shows(frames[first - 1], text)) first--;
			// A handler attached after frame `first` was drawn belongs to what that frame shows.
			expect(attached.some(count => count > first), 'a key handler attached after the frame').toBe(true);
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
