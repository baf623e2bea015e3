import {describe, expect, it} from 'vitest';
import {editLine} from '../../../src/front/ink/line-editing.js';

const empty = {value: '', cursor: 0};

describe('editLine', () => {
	it('types, moves, erases and clears', () => {
		let line = editLine(empty, 'helo', {});
		line = editLine(line, '', {leftArrow: true});
		line = editLine(line, 'l', {});
		expect(line).toEqual({value: 'hello', cursor: 4});
		line = editLine(line, '', {delete: true});
		expect(line).toEqual({value: 'helo', cursor: 3});
		line = editLine(line, 'u', {ctrl: true});
		expect(line).toEqual({value: 'o', cursor: 0});
	});

	it('pulls the default in with Tab only on an empty line', () => {
		expect(editLine(empty, '', {tab: true}, 'defaultdb')).toEqual({value: 'defaultdb', cursor: 9});
		expect(editLine({value: 'x', cursor: 1}, '', {tab: true}, 'defaultdb')).toEqual({value: 'x', cursor: 1});
	});

	it('drops control characters from pasted text and ignores Esc and arrows up/down', () => {
		expect(editLine(empty, 'postgresql://h\r\n', {})).toEqual({value: 'postgresql://h', cursor: 14});
		expect(editLine(empty, '', {escape: true})).toBe(empty);
		expect(editLine(empty, '', {upArrow: true})).toBe(empty);
	});
});
