import {describe, expect, it} from 'vitest';
import {CONNECTION_FORMATS, FORMATS} from '../../src/core/connection-formats.js';
import {FLOW} from '../../src/wizard/flow.js';
import type {QuestionStep} from '../../src/wizard/step-types.js';
import {TEST_CONTEXT} from '../helpers/fake-ports.js';

const output = FLOW.find(step => step.id === 'output') as QuestionStep;

describe('the "How will you connect?" question', () => {
	it('offers a shell here, then every format of the registry in its order, with its label', () => {
		const choices = output.choices!({});
		expect(choices.map(c => c.value)).toEqual(['shell', ...FORMATS]);
		expect(choices.slice(1).map(c => c.label)).toEqual(CONNECTION_FORMATS.map(f => f.label));
		expect(choices.find(c => c.value === 'psycopg3')!.short).toBe('Python psycopg 3');
		expect(choices.find(c => c.value === 'url')!.short).toBe('connection string');
	});

	it('takes a format by name and refuses an unknown one, naming the formats', () => {
		expect(output.accept('jdbc', {}, TEST_CONTEXT)).toEqual({patch: {output: 'jdbc'}});
		const refused = output.accept('cobol', {}, TEST_CONTEXT);
		expect(refused).toEqual({error: `choose shell or one of: ${FORMATS.join(', ')}`});
	});
});
