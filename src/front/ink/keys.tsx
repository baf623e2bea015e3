/**
Keys for the wizard's widgets, taken from the moment their frame is drawn, and one at a time. Two ways keys typed
ahead were lost under Ink alone:
- Ink's useInput attaches a component's handler in a passive effect, which React runs some time after the commit
  that drew the component: a key read in between reached no handler. Here one Ink listener, attached once for the
  whole app, hands each key to the handlers attached at commit (layout effects).
- Keys that arrive in one read (typed quickly, or while the process was busy, e.g. Enter Enter) were handed out
  together: the second Enter reached the question the first one had just answered, or Ink read "\r\r" as no key
  at all. Here they are handed out one by one, each after React has drawn what the one before did.
*/
import {EventEmitter} from 'node:events';
import {useInput, useStdin, type Key} from 'ink';
import {createContext, useCallback, useContext, useLayoutEffect, useRef, useState, type ReactNode} from 'react';
import {unstable_LowPriority as LowPriority, unstable_scheduleCallback as scheduleCallback} from 'scheduler';

/** What a key handler is given: the text of the key and what it is (as Ink's useInput gives them). */
export type KeyHandler = (input: string, key: Key) => void;

/** The app's key fan-out: emits 'key' (input, key) for every key Ink reads. */
const KeysContext = createContext<EventEmitter | undefined>(undefined);

/**
The keys in one piece of input as Ink reads it (escape sequences come apart already): each control character on its
own (a CR LF pair, or a LF, is one Enter), the text between them kept whole (a pasted word is one edit).
*/
export function splitKeys(input: string): string[] {
	// Ink hands an escape sequence (an arrow, Esc) over as an event of its own: it is one key.
	if (input.startsWith('\u001B')) return [input];
	// A line feed is Enter too: keys typed before the terminal was put in raw mode arrive with Enter turned into one.
	// eslint-disable-next-line no-control-regex -- control characters are what it splits at
	return input.match(/\r\n|[\u0000-\u001F\u007F]|[^\u0000-\u001F\u007F]+/gu)?.map(key => (key === '\r\n' || key === '\n' ? '\r' : key)) ?? [];
}

/** Give the tree below keys through one listener, one key at a time (see the module's note). */
export function KeysProvider({children}: {children: ReactNode}) {
	const [keys] = useState(() => new EventEmitter().setMaxListeners(0));
	const {internal_eventEmitter: ink} = useStdin();
	// Ink emits every key of a read in one go, and the next read may come before React has drawn: queue keys, and
	// emit each once React has drawn what the one before did. React renders an update as a task of its scheduler (React 19 has no synchronous legacy mode): the next
	// key is a task of lower priority in the same scheduler, so it runs after that render and its commit.
	useLayoutEffect(() => {
		const emit = ink.emit;
		const queue: string[] = [];
		let waiting = false;
		let live = true;
		// After each key, keys wait (even those of a later read) until React's work for it is done.
		const deliver = (): void => {
			const key = queue.shift();
			waiting = key !== undefined;
			if (!live || key === undefined) return;
			emit.call(ink, 'input', key);
			scheduleCallback(LowPriority, deliver);
		};

		ink.emit = function (this: EventEmitter, event: string | symbol, ...args: unknown[]): boolean {
			if (event !== 'input' || typeof args[0] !== 'string') return emit.call(this, event, ...args);
			queue.push(...splitKeys(args[0]));
			if (!waiting) deliver();
			return true;
		};

		return () => {
			live = false;
			ink.emit = emit;
		};
	}, [ink]);
	// Stable, so Ink attaches it once and it never goes missing between renders.
	const fanOut = useCallback<KeyHandler>((input, key) => keys.emit('key', input, key), [keys]);
	useInput(fanOut);
	return <KeysContext.Provider value={keys}>{children}</KeysContext.Provider>;
}

/**
Call `handler` for each key while `isActive`, from the commit that draws the component on. Outside a KeysProvider
(a widget rendered on its own) it falls back to Ink's useInput.
*/
export function useKeys(handler: KeyHandler, options: {isActive?: boolean} = {}): void {
	const keys = useContext(KeysContext);
	const isActive = options.isActive ?? true;
	const latest = useRef(handler);
	useLayoutEffect(() => {
		latest.current = handler;
	});
	useLayoutEffect(() => {
		if (!keys || !isActive) return;
		const listener: KeyHandler = (input, key) => latest.current(input, key);
		keys.on('key', listener);
		return () => {
			keys.off('key', listener);
		};
	}, [keys, isActive]);
	useInput(handler, {isActive: isActive && keys === undefined});
}
