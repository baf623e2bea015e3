/**
Keys typed ahead reach the question drawn for them (src/front/ink/keys.tsx). The gap it closes: React runs passive
effects after the commit that drew a frame, and Ink's useInput attached a new question's handler there, so a key
read in between was lost. Here the keys are written in a microtask right after the commit that draws the second
question, before React's passive effects can run: exactly that gap, with no timing involved.
*/
import {render} from 'ink-testing-library';
import {useState} from 'react';
import {describe, expect, it, vi} from 'vitest';
import {KeysProvider, splitKeys} from '../../../src/front/ink/keys.js';
import {SelectQuestion} from '../../../src/front/ink/SelectQuestion.js';
import {TextQuestion} from '../../../src/front/ink/TextQuestion.js';
import {themeFor} from '../../../src/front/ink/theme.js';
import {KEY} from '../../helpers/ink.js';

const theme = themeFor({NO_COLOR: '1'});

/** The first question; `next()` (called outside any key, as a finished check is) draws the second one. */
function TwoQuestions(props: {second: 'select' | 'text'; onAnswer: (value: string) => void; expose?: (next: () => void) => void}) {
	const [step, setStep] = useState<'first' | 'second'>('first');
	props.expose?.(() => setStep('second'));
	// Answering the first question draws the second, as the wizard does.
	if (step === 'first') return <SelectQuestion message="First" choices={[{value: 'a', label: 'A'}]} theme={theme} onSubmit={() => setStep('second')} />;
	if (props.second === 'text') return <TextQuestion message="Second" initial="the default" theme={theme} onSubmit={props.onAnswer} />;
	return <SelectQuestion message="Second" choices={[{value: 'one', label: 'One'}, {value: 'two', label: 'Two'}]} theme={theme} onSubmit={props.onAnswer} />;
}

/** Render, draw the second question, and type `keys` in the microtask after the commit that drew it. */
async function typeAhead(second: 'select' | 'text', keys: string[]) {
	const onAnswer = vi.fn();
	let next = () => undefined as void;
	const app = render(
		<KeysProvider>
			<TwoQuestions second={second} onAnswer={onAnswer} expose={given => (next = given)} />
		</KeysProvider>,
	);
	expect(app.lastFrame()).toContain('? First');
	// Ink writes the frame during React's commit: the keys follow in the microtask after it, before React runs the
	// commit's passive effects (a later task).
	const write = app.stdout.write.bind(app.stdout);
	let typed = false;
	app.stdout.write = (frame: string) => {
		write(frame);
		if (typed || !frame.includes('? Second')) return;
		typed = true;
		queueMicrotask(() => {
			for (const key of keys) app.stdin.write(key);
		});
	};

	next();
	await vi.waitFor(() => expect(typed).toBe(true));
	return {app, onAnswer};
}

describe('keys typed as a question is drawn', () => {
	it('a list takes ↓ and Enter sent right after its frame', async () => {
		const {app, onAnswer} = await typeAhead('select', [KEY.down, KEY.enter]);
		await vi.waitFor(() => expect(onAnswer).toHaveBeenCalledWith('two'));
		app.unmount();
	});

	it('a text question takes Enter sent right after its frame (its default)', async () => {
		const {app, onAnswer} = await typeAhead('text', [KEY.enter]);
		await vi.waitFor(() => expect(onAnswer).toHaveBeenCalledWith('the default'));
		expect(onAnswer).toHaveBeenCalledTimes(1);
		app.unmount();
	});
});

describe('keys that arrive in one read', () => {
	it('are handed out one by one: Enter Enter answers the first question and then the second', async () => {
		for (const second of ['select', 'text'] as const) {
			const onAnswer = vi.fn();
			const app = render(
				<KeysProvider>
					<TwoQuestions second={second} onAnswer={onAnswer} />
				</KeysProvider>,
			);
			await vi.waitFor(() => expect(app.lastFrame()).toContain('? First'));
			app.stdin.write('\r\r');
			await vi.waitFor(() => expect(onAnswer).toHaveBeenCalledWith(second === 'text' ? 'the default' : 'one'));
			expect(onAnswer).toHaveBeenCalledTimes(1);
			app.unmount();
		}
	});

	it('a text question takes a pasted line ending in Enter, and the next question the rest', async () => {
		const onAnswer = vi.fn();
		const app = render(
			<KeysProvider>
				<TwoQuestions second="text" onAnswer={onAnswer} />
			</KeysProvider>,
		);
		app.stdin.write('\r');
		await vi.waitFor(() => expect(app.lastFrame()).toContain('? Second'));
		app.stdin.write('bank\r\nignored?');
		await vi.waitFor(() => expect(onAnswer).toHaveBeenCalledWith('bank'));
		expect(onAnswer).toHaveBeenCalledTimes(1);
		app.unmount();
	});

	it('come apart at each control character; text between them stays whole', () => {
		expect(splitKeys('\r\r')).toEqual(['\r', '\r']);
		expect(splitKeys('postgresql://u@h/db\r')).toEqual(['postgresql://u@h/db', '\r']);
		expect(splitKeys('a b\r\nc\u007F\t\u0003\n')).toEqual(['a b', '\r', 'c', '\u007F', '\t', '\u0003', '\r']);
		expect(splitKeys('é漢字')).toEqual(['é漢字']);
		expect(splitKeys('\u001B[B')).toEqual(['\u001B[B']);
		expect(splitKeys('\u001B')).toEqual(['\u001B']);
		expect(splitKeys('')).toEqual([]);
	});
});
