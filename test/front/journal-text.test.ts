/** The journal of changes and how it is printed. */
import {describe, expect, it} from 'vitest';
import {cancelLines, changeLines} from '../../src/front/journal-text.js';
import {cloudUndo, createJournal} from '../../src/wizard/journal.js';

describe('the journal of changes', () => {
	it('records changes in order and knows what it holds', () => {
		const journal = createJournal();
		journal.record({kind: 'allowlist-entry', description: 'added 203.0.113.7/32 to the IP allowlist of shop', undo: 'ccloud cluster networking allowlist delete shop 203.0.113.7/32', key: 'c1/203.0.113.7/32'});
		journal.record({kind: 'sql-user-created', description: 'created SQL user app on shop', key: 'c1/app'});
		expect(journal.entries().map(e => e.kind)).toEqual(['allowlist-entry', 'sql-user-created']);
		expect(journal.has('sql-user-created', 'c1/app')).toBe(true);
		expect(journal.has('sql-user-created', 'c1/other')).toBe(false);
	});

	it('says "nothing was changed" only when nothing was', () => {
		expect(cancelLines([])).toEqual(['Cancelled: nothing was changed.']);
		expect(changeLines([])).toEqual(['Nothing was changed.']);
		const lines = cancelLines([{kind: 'allowlist-entry', description: 'added 203.0.113.7/32 to the IP allowlist of shop', undo: 'ccloud cluster networking allowlist delete shop 203.0.113.7/32'}]);
		expect(lines.join('\n')).not.toMatch(/nothing was changed/i);
		expect(lines).toEqual([
			'Cancelled.',
			'These changes were made before you cancelled, and stay in place:',
			'  • added 203.0.113.7/32 to the IP allowlist of shop',
			'    undo: ccloud cluster networking allowlist delete shop 203.0.113.7/32',
		]);
	});

	it('writes Cloud undo commands that read the key from the environment', () => {
		expect(cloudUndo('DELETE', '/api/v1/clusters/c1/sql-users/app')).toBe('curl -X DELETE -H "Authorization: Bearer $COCKROACH_API_KEY" "${COCKROACH_SERVER:-https://cockroachlabs.cloud}/api/v1/clusters/c1/sql-users/app"');
	});
});
