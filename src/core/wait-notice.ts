/**
What a front-end shows while something keeps the run waiting (a Retry-After countdown, a slow Cloud answer, an
allowlist change propagating). Line-based front-ends print `line` when a notice is reported; Ink redraws
`at(now)` while the task runs, so the seconds count down (or up) in place. Pure: no timers here.
*/

/** One report of a wait. */
export interface WaitNotice {
	/** The line to print at the moment it is reported. */
	line: string;
	/** The whole text as of `now` (ms since the epoch), for a display that redraws it. */
	at(now: number): string;
}

/** Reports waits as they happen; `undefined` says the wait being shown is over. */
export type WaitReporter = (notice: WaitNotice | undefined) => void;

/** "45 s", or "60 min" for long waits. */
export function waitDuration(ms: number): string {
	return ms >= 120_000 ? `${Math.round(ms / 60_000)} min` : `${Math.ceil(Math.max(0, ms) / 1000)} s`;
}

/** A countdown: "<why>: trying again in N s" (the printed line may be the short form, after the first). */
export function countdownNotice(why: string, until: number, now: number, short = false): WaitNotice {
	const text = (at: number) => `trying again in ${waitDuration(until - at)}`;
	return {line: short ? text(now) : `${why}: ${text(now)}`, at: at => `${why}: ${text(at)}`};
}

/** A wait with no known end: `describe` gets the whole seconds waited so far. */
export function elapsedNotice(since: number, now: number, describe: (seconds: number) => string): WaitNotice {
	const text = (at: number) => describe(Math.round(Math.max(0, at - since) / 1000));
	return {line: text(now), at: text};
}
