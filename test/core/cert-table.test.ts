import {describe, expect, it} from 'vitest';
import {formatCertTable, formatExpiry} from '../../src/core/cert-table.js';

describe('the cert list table', () => {
	it('lays out rows under centred headers with a row count', () => {
		const table = formatCertTable([
			{usage: 'CA', certificateFile: 'ca.crt', keyFile: '', expires: '2036/11/27', notes: 'num certs: 1', error: ''},
			{usage: 'Client', certificateFile: 'client.root.crt', keyFile: 'client.root.key', expires: '2031/11/26', notes: 'user: root', error: ''},
		]);
		expect(table).toBe([
			' Usage  | Certificate File |    Key File     |  Expires   |    Notes     | Error',
			'--------+------------------+-----------------+------------+--------------+-------',
			' CA     | ca.crt           |                 | 2036/11/27 | num certs: 1 |',
			' Client | client.root.crt  | client.root.key | 2031/11/26 | user: root   |',
			'(2 rows)',
		].join('\n'));
	});

	it('formats expiry as YYYY/MM/DD in UTC, and the zero time for errors', () => {
		expect(formatExpiry(new Date('2031-01-02T23:59:59Z'))).toBe('2031/01/02');
		expect(formatExpiry(undefined)).toBe('0001/01/01');
	});
});
