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

	it('applies each Backspace of several read at once (DEL or BS, flags unset), and the text around them in order', () => {
		const line = {value: 'abcdefgh', cursor: 8};
		expect(editLine(line, '\u007F\u007F\u007F', {})).toEqual({value: 'abcde', cursor: 5});
		expect(editLine(line, '\b\b', {})).toEqual({value: 'abcdef', cursor: 6});
		expect(editLine(line, '\u007Fxy\u007F', {})).toEqual({value: 'abcdefgx', cursor: 8});
	});

	it('drops control characters from pasted text and ignores Esc and arrows up/down', () => {
		expect(editLine(empty, 'postgresql://h\r\n', {})).toEqual({value: 'postgresql://h', cursor: 14});
		expect(editLine(empty, '', {escape: true})).toBe(empty);
		expect(editLine(empty, '', {upArrow: true})).toBe(empty);
	});
});
