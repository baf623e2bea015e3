/**
Ink clears the screen and the scrollback (ESC[2J ESC[3J) when the frame it drew last is as tall as the window.
After the window shrinks that is true for one render (the last frame was fitted to the taller window) even though
the next frame is fitted to the new one: the person's scrollback would go on every shrink. The stream handed to
Ink here reports the rows from before a resize until that resize has been handled, so those renders erase and
redraw the frame as usual instead.
*/

/** How long after the last resize the old rows are reported. */
const HOLD_MS = 250;

/** Names the stream behind the held one: the wizard fits its frame to the window as it is now, not as held for Ink. */
const ACTUAL = Symbol('the stream whose rows are held');

/** The stream behind `holdRowsOnResize(stream)`, or `stream` itself. */
export function actualStream(stream: NodeJS.WriteStream): NodeJS.WriteStream {
	return (stream as NodeJS.WriteStream & {[ACTUAL]?: NodeJS.WriteStream})[ACTUAL] ?? stream;
}

/** The stream to give Ink, and how to stop watching the real one once Ink is done. */
export interface HeldRows {
	stream: NodeJS.WriteStream;
	release(): void;
}

/** `stdout` as Ink should see it: the same stream, with `rows` held at its old value while a resize is handled. */
export function holdRowsOnResize(stdout: NodeJS.WriteStream): HeldRows {
	if (!stdout.isTTY) return {stream: stdout, release() {}};
	let rows = stdout.rows;
	let held: number | undefined;
	let timer: NodeJS.Timeout | undefined;
	const onResize = () => {
		// A drag sends several resizes: hold the tallest window a frame may have been fitted to.
		held = Math.max(held ?? 0, rows);
		rows = stdout.rows;
		// Long enough for the renders the resize causes: Ink's own (at once), then the re-fitted frame (React
		// renders it a microtask later, and Ink may defer drawing it by up to a frame, 1/30 s).
		clearTimeout(timer);
		timer = setTimeout(() => {
			held = undefined;
		}, HOLD_MS).unref();
	};

	// First in line, before Ink's own listener and the wizard's (they are added later, with `on`).
	stdout.prependListener('resize', onResize);
	const stream = new Proxy(stdout, {
		get(target, property) {
			if (property === ACTUAL) return target;
			if (property === 'rows' && held !== undefined) return Math.max(held, target.rows);
			const value: unknown = Reflect.get(target, property, target);
			return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
		},
	});
	return {
		stream,
		release() {
			stdout.off('resize', onResize);
			clearTimeout(timer);
		},
	};
}
