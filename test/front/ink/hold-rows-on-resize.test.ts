import {EventEmitter} from 'node:events';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {actualStream, holdRowsOnResize} from '../../../src/front/ink/hold-rows-on-resize.js';

/** A terminal's stdout as far as the hold reads it: a size and 'resize' events. */
function fakeTty(rows: number, isTTY = true) {
	return Object.assign(new EventEmitter(), {isTTY, rows, columns: 100}) as unknown as NodeJS.WriteStream & {rows: number};
}

afterEach(() => {
	vi.useRealTimers();
});

describe('holdRowsOnResize', () => {
	it('after a shrink, reports the old rows to the listeners of that resize (Ink\'s), then the new ones', () => {
		vi.useFakeTimers();
		const tty = fakeTty(30);
		const held = holdRowsOnResize(tty);
		const seen: number[] = [];
		held.stream.on('resize', () => seen.push(held.stream.rows));
		tty.rows = 15;
		tty.emit('resize');
		expect(seen).toEqual([30]);
		// The wizard fits its frame to the real window meanwhile.
		expect(actualStream(held.stream).rows).toBe(15);
		vi.advanceTimersByTime(1000);
		expect(held.stream.rows).toBe(15);
		held.release();
		expect(tty.listenerCount('resize')).toBe(1);
	});

	it('holds the tallest window of a burst of resizes, and never fewer rows than the window has', () => {
		vi.useFakeTimers();
		const tty = fakeTty(30);
		const held = holdRowsOnResize(tty);
		tty.rows = 20;
		tty.emit('resize');
		tty.rows = 15;
		tty.emit('resize');
		expect(held.stream.rows).toBe(30);
		tty.rows = 40;
		tty.emit('resize');
		expect(held.stream.rows).toBe(40);
		held.release();
	});

	it('leaves a stream that is not a terminal as it is', () => {
		const pipe = fakeTty(0, false);
		expect(holdRowsOnResize(pipe).stream).toBe(pipe);
		expect(actualStream(pipe)).toBe(pipe);
	});
});
