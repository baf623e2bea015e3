/** Where the Cloud client and polls report their waits, and where Ink's running task reads them from. */
import type {WaitNotice, WaitReporter} from '../core/wait-notice.js';

/** A one-slot board: the wait being reported now (or none), with listeners told of every change. */
export interface NoticeBoard {
	/** Hand this to whatever waits (the client's `progress`). */
	report: WaitReporter;
	/** Hear of every notice from now on (undefined: the wait is over); returns the way to stop listening. */
	subscribe(listener: (notice: WaitNotice | undefined) => void): () => void;
}

/** A new, empty board. */
export function createNoticeBoard(): NoticeBoard {
	const listeners = new Set<(notice: WaitNotice | undefined) => void>();
	return {
		report(notice) {
			for (const listener of listeners) listener(notice);
		},
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
	};
}
