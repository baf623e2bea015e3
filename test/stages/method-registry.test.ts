import {describe, expect, it, vi} from 'vitest';

// The registry with one row taken out (jdbc) and one added: the wizard's choices, --format's help and
// url --format must all follow it, because they are derived from it rather than listed again.
vi.mock('../../src/core/connection-formats.js', async importOriginal => {
	const original = await importOriginal<typeof import('../../src/core/connection-formats.js')>();
	const CONNECTION_FORMATS = [
		...original.CONNECTION_FORMATS.filter(f => f.name !== 'jdbc'),
		{name: 'cobol', label: 'COBOL — EXEC SQL', render: () => 'EXEC SQL CONNECT END-EXEC'},
	];
	const FORMATS = CONNECTION_FORMATS.map(f => f.name);
	return {...original, CONNECTION_FORMATS, FORMATS, isFormatName: (name: string) => FORMATS.includes(name)};
});

const {FLOW} = await import('../../src/wizard/flow.js');
const {FLAGS} = await import('../../src/flags.js');
const {TEST_CONTEXT} = await import('../helpers/fake-ports.js');
type QuestionStep = import('../../src/wizard/step-types.js').QuestionStep;

describe('a row added to or removed from the format registry', () => {
	const output = FLOW.find(step => step.id === 'output') as QuestionStep;

	it('changes the wizard\'s choices', () => {
		const values = output.choices!({}).map(c => c.value);
		expect(values).toContain('cobol');
		expect(values).not.toContain('jdbc');
		expect(output.choices!({}).find(c => c.value === 'cobol')!.short).toBe('COBOL EXEC SQL');
		expect(output.accept('cobol', {}, TEST_CONTEXT)).toEqual({patch: {output: 'cobol'}});
		expect(output.accept('jdbc', {}, TEST_CONTEXT)).toHaveProperty('error');
	});

	it('changes --format\'s help', () => {
		const help = FLAGS.find(row => row.name === 'format')!.help;
		expect(help).toContain('cobol');
		expect(help).not.toContain('jdbc');
	});
});
