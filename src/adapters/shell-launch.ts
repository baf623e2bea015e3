/**
Hand the terminal to a SQL shell. Follows shared/reference/ink-notes.md §2.4: Ink has already unmounted;
stdin is paused so Node stops reading the tty, SIGINT is ignored by us while the child owns the terminal,
and the child's exit status becomes ours.
*/
import {execa} from 'execa';
import type {LaunchPlan} from '../core/launch-plan.js';

const SIGNAL_NUMBERS: Record<string, number> = {SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15};

/** Run the plan with inherited stdio; resolves with the exit code to use as ours. */
export async function handOff(plan: LaunchPlan): Promise<number> {
	// Without this pause Node keeps a blocking read on the tty and steals the child's keystrokes (ink-notes §2.2).
	await new Promise(resolve => setImmediate(resolve));
	process.stdin.pause();
	await new Promise(resolve => setImmediate(resolve));
	const ignoreSigint = () => {};
	process.on('SIGINT', ignoreSigint);
	try {
		const result = await execa(plan.command, plan.args, {
			stdio: 'inherit',
			reject: false,
			env: plan.env,
			extendEnv: true,
		});
		if (result.failed && result.exitCode === undefined && !result.signal) {
			throw new Error(`could not start ${plan.command}: ${result.shortMessage}`);
		}

		if (result.signal) return 128 + (SIGNAL_NUMBERS[result.signal] ?? 1);
		return result.exitCode ?? 1;
	} finally {
		process.off('SIGINT', ignoreSigint);
	}
}
