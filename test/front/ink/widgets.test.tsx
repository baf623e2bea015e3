import {render} from 'ink-testing-library';
import {describe, expect, it, vi} from 'vitest';
import {ConfirmQuestion} from '../../../src/front/ink/ConfirmQuestion.js';
import {SelectQuestion} from '../../../src/front/ink/SelectQuestion.js';
import {FailedTask, RunningTask} from '../../../src/front/ink/TaskView.js';
import {TextQuestion} from '../../../src/front/ink/TextQuestion.js';
import {themeFor} from '../../../src/front/ink/theme.js';
import {KEY, settle, waitForFrame} from '../../helpers/ink.js';

const theme = themeFor({NO_COLOR: '1'});

describe('TextQuestion', () => {
	it('shows the default and submits it on Enter', async () => {
		const onSubmit = vi.fn();
		const {lastFrame, stdin} = render(<TextQuestion message="Database" initial="defaultdb" theme={theme} onSubmit={onSubmit} />);
		expect(lastFrame()).toBe('? Database: defaultdb');
		await settle();
		stdin.write(KEY.enter);
		await vi.waitFor(() => expect(onSubmit).toHaveBeenCalledWith('defaultdb'));
	});

	it('replaces the default with what is typed, and edits it after Tab', async () => {
		const onSubmit = vi.fn();
		const {lastFrame, stdin} = render(<TextQuestion message="Database" initial="defaultdb" theme={theme} onSubmit={onSubmit} />);
		await settle();
		stdin.write(KEY.tab);
		await settle();
		stdin.write('2');
		await waitForFrame(lastFrame, 'defaultdb2');
		stdin.write(KEY.enter);
		await vi.waitFor(() => expect(onSubmit).toHaveBeenCalledWith('defaultdb2'));
	});

	it('masks a password and submits it even when Enter follows in the same read', async () => {
		const onSubmit = vi.fn();
		const {lastFrame, stdin} = render(<TextQuestion message="Password" mask theme={theme} onSubmit={onSubmit} />);
		await settle();
		stdin.write('s3cr3t');
		await waitForFrame(lastFrame, '******');
		expect(lastFrame()).not.toContain('s3cr3t');
		stdin.write(KEY.enter);
		await vi.waitFor(() => expect(onSubmit).toHaveBeenCalledWith('s3cr3t'));
	});

	it('submits a pasted line that ends in a newline', async () => {
		const onSubmit = vi.fn();
		const {stdin} = render(<TextQuestion message="Paste" theme={theme} onSubmit={onSubmit} />);
		await settle();
		stdin.write('postgresql://u@h/db\r');
		await vi.waitFor(() => expect(onSubmit).toHaveBeenCalledWith('postgresql://u@h/db'));
	});

	it('submits what was typed instead of the default', async () => {
		const onSubmit = vi.fn();
		const {lastFrame, stdin} = render(<TextQuestion message="Database" initial="defaultdb" theme={theme} onSubmit={onSubmit} />);
		await settle();
		stdin.write('bank');
		await waitForFrame(lastFrame, '? Database: bank');
		stdin.write(KEY.enter);
		await vi.waitFor(() => expect(onSubmit).toHaveBeenCalledWith('bank'));
	});
});

describe('SelectQuestion', () => {
	it('starts on the current answer and moves with the arrows', async () => {
		const onSubmit = vi.fn();
		const choices = [{value: 'a', label: 'Alpha'}, {value: 'b', label: 'Beta'}, {value: 'c', label: 'Gamma'}];
		const {lastFrame, stdin} = render(<SelectQuestion message="Pick" choices={choices} initial="b" theme={theme} onSubmit={onSubmit} />);
		expect(lastFrame()).toContain('❯ Beta');
		await settle();
		stdin.write(KEY.down);
		await waitForFrame(lastFrame, '❯ Gamma');
		stdin.write(KEY.enter);
		await vi.waitFor(() => expect(onSubmit).toHaveBeenCalledWith('c'));
	});
});

describe('ConfirmQuestion', () => {
	it('takes y, n, or Enter for the default', async () => {
		const onSubmit = vi.fn();
		const {lastFrame, stdin} = render(<ConfirmQuestion message="Open?" initial theme={theme} onSubmit={onSubmit} />);
		expect(lastFrame()).toBe('? Open? (Y/n)');
		await settle();
		stdin.write('n');
		stdin.write(KEY.enter);
		await vi.waitFor(() => expect(onSubmit.mock.calls).toEqual([[false], [true]]));
	});
});

describe('task views', () => {
	it('shows a spinner with elapsed seconds only after 200 ms', async () => {
		const {lastFrame} = render(<RunningTask title="Reach db:26257" theme={theme} />);
		expect(lastFrame()).toBe('  Reach db:26257');
		await waitForFrame(lastFrame, /Reach db:26257 \(0\.[2-9] s\)/);
	});

	it('offers retry / back / continue / quit after a failure', async () => {
		const onChoose = vi.fn();
		const {lastFrame, stdin} = render(<FailedTask title="Reach db" failure="refused" canGoBack canContinue theme={theme} onChoose={onChoose} />);
		expect(lastFrame()).toContain('✖ Reach db\n  refused\n❯ Retry\n  Back to the previous step\n  Continue anyway\n  Quit');
		await settle();
		stdin.write(KEY.down);
		await waitForFrame(lastFrame, '❯ Back');
		stdin.write(KEY.enter);
		await vi.waitFor(() => expect(onChoose).toHaveBeenCalledWith('back'));
	});

	it('offers no "continue" when the task must pass', () => {
		const {lastFrame} = render(<FailedTask title="Read CA" failure="missing" canGoBack={false} canContinue={false} theme={theme} onChoose={() => {}} />);
		expect(lastFrame()).not.toContain('Continue anyway');
		expect(lastFrame()).not.toContain('Back to');
	});
});
