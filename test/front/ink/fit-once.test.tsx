import {describe, expect, it, vi} from 'vitest';
import * as frameFit from '../../../src/front/ink/frame-fit.js';
import {themeFor} from '../../../src/front/ink/theme.js';
import {WizardApp} from '../../../src/front/ink/WizardApp.js';
import {FLOW} from '../../../src/wizard/flow.js';
import {createWizard, startWizard} from '../../../src/wizard/machine.js';
import {fakePorts, TEST_CONTEXT} from '../../helpers/fake-ports.js';
import {KEY, renderInk} from '../../helpers/ink.js';

vi.mock('../../../src/front/ink/frame-fit.js', async importOriginal => {
	const original = await importOriginal<typeof import('../../../src/front/ink/frame-fit.js')>();
	return {...original, fitSelect: vi.fn(original.fitSelect)};
});

describe('fitting a list to the window', () => {
	it('is worked out once per state: the printed log and the list\'s rows share it', async () => {
		const wizard = createWizard(FLOW, TEST_CONTEXT);
		const started = startWizard(wizard, {inputs: {}});
		if ('errors' in started) throw new Error(started.errors.join());
		const fitSelect = vi.mocked(frameFit.fitSelect);
		fitSelect.mockClear();
		const w = renderInk(<WizardApp wizard={wizard} initial={started.state} ports={fakePorts({}).ports} theme={themeFor({NO_COLOR: '1'})} onEnd={() => {}} />);
		await w.ready('? How do you reach the cluster?');
		expect(fitSelect).toHaveBeenCalledTimes(1);
		// Esc on the first question: a new state (the refusal shown under the list), the same question.
		w.press(KEY.escape);
		await w.ready('✖ this is the first step: there is nothing to go back to');
		expect(fitSelect).toHaveBeenCalledTimes(2);
		w.unmount();
	});
});
