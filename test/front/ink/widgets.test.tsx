import {render} from 'ink-testing-library';
import {describe, expect, it, vi} from 'vitest';
import {ConfirmQuestion} from '../../../src/front/ink/ConfirmQuestion.js';
import {SelectQuestion} from '../../../src/front/ink/SelectQuestion.js';
import {FailedTask, RunningTask} from '../../../src/front/ink/TaskView.js';
import {TextQuestion} from '../../../src/front/ink/TextQuestion.js';
import {themeFor} from '../../../src/front/ink/theme.js';
import {KEY, renderInk, waitForFrame} from '../../helpers/ink.js';

const theme = themeFor({NO_COLOR: '1'});

describe('TextQuestion', () => {
	it('shows the default and submits it on Enter', async () => {
		const onSubmit = vi.fn();
		const ink = renderInk(<TextQuestion message="Database" initial="defaultdb" theme={theme} onSubmit={onSubmit} />);
		// Without colour the default is marked in words, so it never reads as typed text.
		expect(ink.lastFrame()).toBe('? Database: defaultdb (default)');
		await ink.at('? Database', KEY.enter);
		await vi.waitFor(() => expect(onSubmit).toHaveBeenCalledWith('defaultdb'));
	});

	it('replaces the default with what is typed, and edits it after Tab', async () => {
		const onSubmit = vi.fn();
		const ink = renderInk(<TextQuestion message="Database" initial="defaultdb" theme={theme} onSubmit={onSubmit} />);
		await ink.at('? Database', KEY.tab, '2');
		await ink.at('defaultdb2', KEY.enter);
		await vi.waitFor(() => expect(onSubmit).toHaveBeenCalledWith('defaultdb2'));
	});

	it('masks a password and submits it even when Enter follows in the same read', async () => {
		const onSubmit = vi.fn();
		const ink = renderInk(<TextQuestion message="Password" mask theme={theme} onSubmit={onSubmit} />);
		await ink.at('? Password', 's3cr3t');
		await ink.ready('******');
		expect(ink.lastFrame()).not.toContain('s3cr3t');
		ink.press(KEY.enter);
		await vi.waitFor(() => expect(onSubmit).toHaveBeenCalledWith('s3cr3t'));
	});

	it('submits a pasted line that ends in a newline', async () => {
		const onSubmit = vi.fn();
		const ink = renderInk(<TextQuestion message="Paste" theme={theme} onSubmit={onSubmit} />);
		await ink.at('? Paste', 'postgresql://u@h/db\r');
		await vi.waitFor(() => expect(onSubmit).toHaveBeenCalledWith('postgresql://u@h/db'));
	});

	it('submits what was typed instead of the default', async () => {
		const onSubmit = vi.fn();
		const ink = renderInk(<TextQuestion message="Database" initial="defaultdb" theme={theme} onSubmit={onSubmit} />);
		await ink.at('? Database', 'bank');
		await ink.at('? Database: bank', KEY.enter);
		await vi.waitFor(() => expect(onSubmit).toHaveBeenCalledWith('bank'));
	});
});

describe('SelectQuestion', () => {
	it('keeps "? " before a message wider than the window (it wraps as text)', async () => {
		const message = 'The cluster trusts another client CA. Replace it with yours? (certificates signed by the other one stop working)';
		const ink = renderInk(<SelectQuestion message={message} choices={[{value: 'no', label: 'No'}]} theme={theme} onSubmit={vi.fn()} />);
		const frame = await ink.ready('❯ No');
		expect(frame.split('\n')[0]).toMatch(/^\? The cluster trusts another client CA\./);
		expect(frame.replace(/\s+/g, ' ')).toContain('signed by the other one stop working');
	});

	it('starts on the current answer and moves with the arrows', async () => {
		const onSubmit = vi.fn();
		const choices = [{value: 'a', label: 'Alpha'}, {value: 'b', label: 'Beta'}, {value: 'c', label: 'Gamma'}];
		const ink = renderInk(<SelectQuestion message="Pick" choices={choices} initial="b" theme={theme} onSubmit={onSubmit} />);
		expect(ink.lastFrame()).toContain('❯ Beta');
		await ink.at('❯ Beta', KEY.down);
		await ink.at('❯ Gamma', KEY.enter);
		await vi.waitFor(() => expect(onSubmit).toHaveBeenCalledWith('c'));
	});
});

describe('ConfirmQuestion', () => {
	it('takes y, n, or Enter for the default', async () => {
		const onSubmit = vi.fn();
		const ink = renderInk(<ConfirmQuestion message="Open?" initial theme={theme} onSubmit={onSubmit} />);
		expect(ink.lastFrame()).toBe('? Open? (Y/n)');
		await ink.at('? Open?');
		// Both keys in a row, before any redraw: the handler must take each.
		ink.press('n');
		ink.press(KEY.enter);
		await vi.waitFor(() => expect(onSubmit.mock.calls).toEqual([[false], [true]]));
	});
});

describe('task views', () => {
	it('shows a spinner with elapsed seconds only after 200 ms', async () => {
		const {lastFrame} = render(<RunningTask title="Reach db:26257" theme={theme} />);
		expect(lastFrame()).toBe('  Reach db:26257');
		// Any elapsed figure will do: under load the first one drawn may already be past a second.
		await waitForFrame(lastFrame, /Reach db:26257 \(\d+\.\d s\)/);
	});

	it('offers retry / back / continue / quit after a failure', async () => {
		const onChoose = vi.fn();
		const ink = renderInk(<FailedTask title="Reach db" failure="refused" canGoBack canContinue theme={theme} onChoose={onChoose} />);
		expect(ink.lastFrame()).toContain('✖ Reach db\n  refused\n❯ Retry\n  Back to the question\n  Continue anyway\n  Quit');
		await ink.at('❯ Retry', KEY.down);
		await ink.at('❯ Back', KEY.enter);
		await vi.waitFor(() => expect(onChoose).toHaveBeenCalledWith('back'));
	});

	it('offers no "continue" when the task must pass', () => {
		const {lastFrame} = render(<FailedTask title="Read CA" failure="missing" canGoBack={false} canContinue={false} theme={theme} onChoose={() => {}} />);
		expect(lastFrame()).not.toContain('Continue anyway');
		expect(lastFrame()).not.toContain('Back to');
	});
});
