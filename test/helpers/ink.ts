/** Helpers for driving Ink components in tests: wait for a frame, then press keys. */
import {vi, expect} from 'vitest';

/** Key sequences as a terminal sends them. */
export const KEY = {enter: '\r', escape: '\u001B', down: '\u001B[B', up: '\u001B[A', tab: '\t', backspace: '\u007F', ctrlC: '\u0003', ctrlU: '\u0015'};

/** Wait until the last frame contains the text (polls; no fixed sleeps). */
export async function waitForFrame(lastFrame: () => string | undefined, text: string | RegExp, timeout = 5000): Promise<string> {
	await vi.waitFor(() => {
		const frame = lastFrame() ?? '';
		if (typeof text === 'string') expect(frame).toContain(text);
		else expect(frame).toMatch(text);
	}, {timeout, interval: 10});
	return lastFrame() ?? '';
}

/** Let React flush effects (so a newly mounted input has attached its handler) before the next key. */
export async function settle(): Promise<void> {
	await new Promise(resolve => setImmediate(resolve));
	// 50 ms, as Ink's own component tests wait: under a loaded 2-core run, 20 ms sometimes left a new useInput unattached.
	await new Promise(resolve => setTimeout(resolve, 50));
	await new Promise(resolve => setImmediate(resolve));
}
