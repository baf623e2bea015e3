/** The terminal's size as React state, so a resize re-renders the frame and the lists are fitted again. */
import {useStdout} from 'ink';
import {useEffect, useState} from 'react';
import type {TerminalSize} from './frame-fit.js';
import {actualStream} from './hold-rows-on-resize.js';

/**
The window's rows and columns, updated on stdout's 'resize'. Ink repaints on a resize, but only the tree it
already has: without this the fit (rows shown, detail moved out) would wait for the next key.
*/
export function useTerminalSize(): TerminalSize {
	// The rows Ink is shown are held for a moment after a resize (hold-rows-on-resize.ts): fit to the real ones.
	const stdout = actualStream(useStdout().stdout);
	const [size, setSize] = useState<TerminalSize>(() => sizeOf(stdout));
	useEffect(() => {
		const onResize = () => {
			const next = sizeOf(stdout);
			setSize(size => (size.rows === next.rows && size.cols === next.cols ? size : next));
		};

		stdout.on('resize', onResize);
		// A resize between the first render and this effect would otherwise be missed.
		onResize();
		return () => {
			stdout.off('resize', onResize);
		};
	}, [stdout]);
	return size;
}

function sizeOf(stdout: NodeJS.WriteStream): TerminalSize {
	return {rows: stdout.rows || 0, cols: stdout.columns || 80};
}
