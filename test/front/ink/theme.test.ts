import {describe, expect, it} from 'vitest';
import {themeFor} from '../../../src/front/ink/theme.js';

describe('themeFor', () => {
	it('has no colour at all when NO_COLOR is set', () => {
		expect(Object.values(themeFor({NO_COLOR: '1'})).every(style => Object.keys(style).length === 0)).toBe(true);
	});

	it('colours accents, success and errors otherwise', () => {
		expect(themeFor({})).toMatchObject({accent: {color: 'cyan'}, ok: {color: 'green'}, error: {color: 'red'}});
	});
});
