/** Mount the Ink wizard, wait for it to end, and report how. */
import {render, type RenderOptions} from 'ink';
import type {Wizard, WizardState} from '../../wizard/machine.js';
import type {WizardPorts} from '../../wizard/ports.js';
import type {WizardOutcome} from '../outcome.js';
import {themeFor} from './theme.js';
import type {NoticeBoard} from '../notice-board.js';
import {WizardApp, WizardCancelled} from './WizardApp.js';
import {KeysProvider} from './keys.js';
import {holdRowsOnResize} from './hold-rows-on-resize.js';

/** Streams to render on instead of the process's (tests pass fakes). */
export type InkStreams = Pick<RenderOptions, 'stdin' | 'stdout' | 'stderr'>;

/** Run the wizard in Ink. Ctrl-C is ours (exitOnCtrlC off) so the terminal is restored before we exit 130. */
export async function runInk(wizard: Wizard, start: WizardState, ports: WizardPorts, env: NodeJS.ProcessEnv = process.env, streams: InkStreams = {}, execute: readonly string[] = [], dryRun = false, notices?: NoticeBoard): Promise<WizardOutcome> {
	let final: WizardState | undefined;
	// Raw mode before the first frame: a key pressed between the frame and the moment a question's handler is
	// attached then waits, unchanged, to be read (in cooked mode Enter would arrive as "\n" and be lost, and
	// every key would be echoed over the frame). Ink turns it off again on the way out.
	const stdin = streams.stdin ?? process.stdin;
	if (stdin.isTTY && typeof stdin.setRawMode === 'function') stdin.setRawMode(true);
	const held = holdRowsOnResize(streams.stdout ?? process.stdout);
	// Keys reach each question from the frame that draws it on (src/front/ink/keys.tsx): none typed ahead is lost.
	const app = render(<KeysProvider><WizardApp wizard={wizard} initial={start} ports={ports} theme={themeFor(env)} execute={execute} dryRun={dryRun} notices={notices} onEnd={state => (final = state)} /></KeysProvider>, {
		exitOnCtrlC: false,
		// Nothing here logs through console; leaving it unpatched keeps stray output visible.
		patchConsole: false,
		...streams,
		stdout: held.stream,
	});
	try {
		await app.waitUntilExit();
	} catch (error) {
		if (error instanceof WizardCancelled) return {status: 'cancelled'};
		throw error;
	} finally {
		held.release();
	}

	if (final?.status === 'done') return {status: 'done', state: final};
	return {status: 'quit', reason: final?.failure ?? 'quit'};
}
