import {describe, expect, it} from 'vitest';
import {setDotenvValue} from '../../src/core/dotenv.js';

describe('setDotenvValue', () => {
	it('appends to a file that lacks the key, keeping every other line', () => {
		expect(setDotenvValue('# app\nPORT=3000\n', 'DATABASE_URL', 'postgresql://x', false)).toEqual({kind: 'write', text: '# app\nPORT=3000\nDATABASE_URL=postgresql://x\n'});
		expect(setDotenvValue('', 'K', 'v', false)).toEqual({kind: 'write', text: 'K=v\n'});
	});

	it('leaves an equal value alone, quoted or not', () => {
		expect(setDotenvValue('DATABASE_URL="postgresql://x"\n', 'DATABASE_URL', 'postgresql://x', false)).toEqual({kind: 'unchanged'});
	});

	it('reports a different value unless replacing is allowed', () => {
		expect(setDotenvValue('export DATABASE_URL=old\nA=1\n', 'DATABASE_URL', 'new', false)).toEqual({kind: 'conflict', existing: 'old'});
		expect(setDotenvValue('export DATABASE_URL=old\nA=1\n', 'DATABASE_URL', 'new', true)).toEqual({kind: 'write', text: 'DATABASE_URL=new\nA=1\n'});
	});
});
