/**
Run a program in a real pseudo-terminal (@lydell/node-pty) and read the screen as a person sees it
(@xterm/headless). Children run without CI in their environment, as on a person's machine: with CI=true
Ink paints only its last frame (ink-notes §4.2), and with any CI at all chalk turns colour off.
*/
import {execFileSync} from 'node:child_process';
import pty from '@lydell/node-pty';
import xterm from '@xterm/headless';
import {vi, expect} from 'vitest';
import {keepLastOutput} from './pty-drain.js';
import {recordOutput} from './secret-ledger.js';

/** A program running in a pty. */
export interface PtySession {
	/** Type text (sent as one write; keys like '\r' included). */
	write(data: string): void;
	/**
	Wait until the program has put the terminal in raw mode. Keys typed before that go through the line
	discipline (Enter arrives as "\n", which Ink's select does not take as Enter): under load a program can
	paint its first screen before it switches, so type only after this.
	*/
	waitForRawMode(timeout?: number): Promise<void>;
	/** Wait until the visible screen contains the text. */
	waitForScreen(text: string | RegExp, timeout?: number): Promise<string>;
	/** Everything written so far (scrollback included), trailing blanks trimmed. */
	screen(): string;
	/** Only the rows the window shows now. */
	viewport(): string[];
	/** Every byte written so far. */
	raw(): string;
	/** Resize the window, as a person dragging it or tmux's resize-window does (the program gets SIGWINCH). */
	resize(cols: number, rows: number): void;
	exited: Promise<{exitCode: number; signal?: number}>;
	kill(): void;
}

/** Start `command args` in a pty, 100×40 unless told otherwise. */
export function spawnPty(command: string, args: string[], options: {env?: NodeJS.ProcessEnv; cwd?: string; cols?: number; rows?: number} = {}): PtySession {
	const cols = options.cols ?? 100;
	let rows = options.rows ?? 40;
	const term = new xterm.Terminal({cols, rows, allowProposedApi: true});
	let raw = '';
	const child = pty.spawn(command, args, {
		name: 'xterm-256color',
		cols,
		rows,
		cwd: options.cwd ?? process.cwd(),
		// An option set to undefined removes the variable (e.g. the FORCE_COLOR=0 the test runner sets).
		env: Object.fromEntries(Object.entries({...process.env, CI: undefined, TERM: 'xterm-256color', ...options.env}).filter(([, v]) => v !== undefined)) as Record<string, string>,
	});
	const onData = (data: string) => {
		raw += data;
		term.write(data);
	};
	child.onData(onData);
	// node-pty can drop what was written last, e.g. the shell's "EXIT=N" line (test/helpers/pty-drain.ts).
	keepLastOutput(child, onData);
	const exited = new Promise<{exitCode: number; signal?: number}>(resolve => child.onExit(exit => {
		recordOutput(`pty ${command} ${args.join(' ')}`, raw);
		resolve(exit);
	}));
	const screen = () => {
		const lines: string[] = [];
		const buffer = term.buffer.active;
		for (let i = 0; i < buffer.length; i++) lines.push(buffer.getLine(i)?.translateToString(true) ?? '');
		return lines.join('\n').replace(/\n+$/, '');
	};

	const viewport = () => {
		const buffer = term.buffer.active;
		const lines: string[] = [];
		for (let i = buffer.viewportY; i < buffer.viewportY + rows; i++) lines.push(buffer.getLine(i)?.translateToString(true) ?? '');
		return lines;
	};

	return {
		viewport,
		write: data => child.write(data),
		resize(newCols, newRows) {
			rows = newRows;
			term.resize(newCols, newRows);
			child.resize(newCols, newRows);
		},
		async waitForRawMode(timeout = 10_000) {
			const pts = (child as unknown as {ptsName: string}).ptsName;
			await vi.waitFor(() => {
				expect(execFileSync('stty', ['-F', pts, '-a'], {encoding: 'utf8'})).toMatch(/(^|\s)-icanon(\s|$)/);
			}, {timeout, interval: 25});
		},
		async waitForScreen(text, timeout = 10_000) {
			await vi.waitFor(() => {
				const shown = screen();
				if (typeof text === 'string') expect(shown).toContain(text);
				else expect(shown).toMatch(text);
			}, {timeout, interval: 25});
			return screen();
		},
		screen,
		raw: () => raw,
		exited,
		kill: () => {
			try {
				child.kill();
			} catch {
				// Already gone.
			}
		},
	};
}
