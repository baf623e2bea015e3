/** Reporting a wait while it lasts: nothing for the first second, then a line every 5 s, and "over" at the end. */
import {elapsedNotice, type WaitReporter} from '../core/wait-notice.js';

/** When the first report comes (shorter waits are not worth a line) and how often the next ones do. */
export const FIRST_REPORT_MS = 1000;
export const REPORT_EVERY_MS = 5000;

/** Wait for `promise`; once it has taken over a second, report it (then every 5 s) until it settles. */
export function reportWhile<T>(report: WaitReporter | undefined, promise: Promise<T>, describe: (seconds: number) => string): Promise<T> {
	if (!report) return promise;
	const since = Date.now();
	let timer: ReturnType<typeof setTimeout> | undefined;
	let reported = false;
	const tick = (ms: number) => {
		timer = setTimeout(() => {
			reported = true;
			report(elapsedNotice(since, Date.now(), describe));
			tick(REPORT_EVERY_MS);
		}, ms);
		// A report never keeps the process alive by itself.
		timer.unref?.();
	};

	tick(FIRST_REPORT_MS);
	return promise.finally(() => {
		clearTimeout(timer);
		if (reported) report(undefined);
	});
}
