/** Which front-end runs the wizard. Pure. */

/** The three ways to run the same flow. */
export type FrontEnd = 'ink' | 'plain' | 'scripted';

/** The facts the choice rests on. */
export interface TerminalFacts {
	stdinIsTTY: boolean;
	stdoutIsTTY: boolean;
	term?: string;
	plain: boolean;
	yes: boolean;
}

/** Scripted without a TTY or with --yes; plain with --plain or TERM=dumb; Ink otherwise. */
export function chooseFrontEnd(facts: TerminalFacts): FrontEnd {
	if (facts.yes || !facts.stdinIsTTY || !facts.stdoutIsTTY) return 'scripted';
	if (facts.plain || facts.term === 'dumb') return 'plain';
	return 'ink';
}
