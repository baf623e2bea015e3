/**
The journal: every change a run makes to the world, recorded by the task that makes it, at the moment it
is made (not when the task finishes), so Ctrl-C, Quit, a failure and the end of the run can all say
exactly what was changed and how to undo it. Pure: no I/O; front-ends print it (src/front/journal-text.ts).
*/

/** What kind of change an entry records. */
export type ChangeKind =
	| 'allowlist-entry'
	| 'allowlist-removed'
	| 'sql-user-created'
	| 'sql-user-password'
	| 'private-endpoint'
	| 'trusted-owner'
	| 'file-written'
	| 'ca-bundle-append'
	| 'profile'
	| 'env-file'
	| 'local-node'
	| 'cluster-created'
	| 'database-created'
	| 'client-ca';

/** One change. */
export interface JournalEntry {
	kind: ChangeKind;
	/** What was changed, in one line ("added 203.0.113.7/32 to the IP allowlist of shop-prod"). */
	description: string;
	/** The command or Console step that undoes it; undefined when there is nothing to undo by hand. */
	undo?: string;
	/** Identifies the thing changed (e.g. "<cluster id>/<user>"), so a step gone back to can tell it is done already. */
	key?: string;
}

/** Where tasks record their changes. */
export interface Journal {
	/** Record one change, as soon as it has happened. */
	record(entry: JournalEntry): void;
	/** Every change so far, oldest first. */
	entries(): readonly JournalEntry[];
	/** Whether a change of this kind to this thing is already recorded. */
	has(kind: ChangeKind, key: string): boolean;
}

/** A journal held in memory for one run. */
export function createJournal(): Journal {
	const list: JournalEntry[] = [];
	return {
		record: entry => void list.push({...entry}),
		entries: () => list,
		has: (kind, key) => list.some(e => e.kind === kind && e.key === key),
	};
}

/** A journal that records nothing (for callers that do not care, e.g. a dry pass). */
export const NO_JOURNAL: Journal = {record() {}, entries: () => [], has: () => false};

/** The undo of a Cloud API change as a curl command (the key and the origin come from the environment, never written out). */
export function cloudUndo(method: 'DELETE' | 'POST' | 'PATCH', path: string, body?: object): string {
	const data = body ? ` -H 'Content-Type: application/json' -d '${JSON.stringify(body)}'` : '';
	return `curl -X ${method} -H "Authorization: Bearer $COCKROACH_API_KEY"${data} "\${COCKROACH_SERVER:-https://cockroachlabs.cloud}${path}"`;
}
