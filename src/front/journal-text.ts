/** How the journal of changes is printed at the end of a run, on Ctrl-C, on Quit and after a failure. Pure. */
import type {JournalEntry} from '../wizard/journal.js';

/** One line per change, each with its undo below it; "Nothing was changed." only when that is so. */
export function changeLines(entries: readonly JournalEntry[], heading = 'Changes made by this run (they stay in place):'): string[] {
	if (entries.length === 0) return ['Nothing was changed.'];
	const lines = [heading];
	for (const entry of entries) {
		lines.push(`  • ${entry.description}`);
		if (entry.undo) lines.push(`    undo: ${entry.undo}`);
	}

	return lines;
}

/** What Ctrl-C prints: the changes made before it, or that there were none. */
export function cancelLines(entries: readonly JournalEntry[]): string[] {
	if (entries.length === 0) return ['Cancelled: nothing was changed.'];
	return ['Cancelled.', ...changeLines(entries, 'These changes were made before you cancelled, and stay in place:')];
}
