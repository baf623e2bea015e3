/**
The list widget. Written here rather than taken from ink-select-input because the wizard needs what that
widget lacks: every key of a read applied (two arrows in one read move twice), a window of rows that fits
the terminal with "↑ N more" / "↓ N more", letter keys that pick a choice, and colours that obey NO_COLOR.
*/
import {Box, Text} from 'ink';
import {useKeys} from './keys.js';
import {useLayoutEffect, useRef, useState} from 'react';
import type {Theme} from './theme.js';

/** One option of a ThemedSelect. */
export interface SelectItem<V extends string> {
	label: string;
	value: V;
	/** A letter that picks this item at once. */
	key?: string;
}

/** Which rows to show so the selected one is visible: the window's first index. */
function windowStart(selected: number, total: number, limit: number, previous: number): number {
	if (total <= limit) return 0;
	if (selected < previous) return selected;
	if (selected >= previous + limit) return selected - limit + 1;
	return Math.min(previous, total - limit);
}

/** A list to pick from with ↑/↓ (wrapping), Home/End, letter keys and Enter; at most `limit` rows shown. */
export function ThemedSelect<V extends string>(props: {items: Array<SelectItem<V>>; initialIndex?: number; limit?: number; theme: Theme; onSelect: (value: V) => void}) {
	const {items, theme} = props;
	const total = items.length;
	const limit = Math.max(1, Math.min(total, props.limit ?? total));
	const [view, setView] = useState(() => {
		const index = Math.min(Math.max(0, props.initialIndex ?? 0), total - 1);
		return {index, start: windowStart(index, total, limit, 0)};
	});
	// Keys can arrive faster than React re-renders: each one moves from the latest position, not a stale one.
	const latest = useRef(view);
	const done = useRef(false);
	// A refused answer (the wizard shows why and asks again) re-renders this list with a new onSelect, not a new
	// list: take keys again then (from the commit that draws it, as keys are), or the list would stay deaf.
	useLayoutEffect(() => {
		done.current = false;
	}, [props.onSelect]);
	useKeys((input, key) => {
		if (done.current) return;
		let index = latest.current.index;
		if (key.upArrow) index = (index - 1 + total) % total;
		else if (key.downArrow || key.tab) index = (index + 1) % total;
		else if (key.home) index = 0;
		else if (key.end) index = total - 1;
		else if (key.return) {
			done.current = true;
			props.onSelect(items[index]!.value);
			return;
		} else if (input && !key.ctrl && !key.meta) {
			const picked = items.find(i => i.key !== undefined && i.key === input.toLowerCase());
			if (picked) {
				done.current = true;
				props.onSelect(picked.value);
			}

			return;
		} else return;
		// Moved from where the window is drawn now (a resize since the last key may have moved it).
		const from = windowStart(latest.current.index, total, limit, latest.current.start);
		latest.current = {index, start: windowStart(index, total, limit, from)};
		setView(latest.current);
	});

	// The window is placed again for the current limit: a resize changes it, and the selected row must stay in view.
	const start = windowStart(view.index, total, limit, view.start);
	const shown = items.slice(start, start + limit);
	const above = start;
	const below = total - start - shown.length;
	return (
		<Box flexDirection="column">
			{above > 0 ? <Text {...theme.muted}>  ↑ {above} more</Text> : null}
			{shown.map((item, i) => {
				const selected = start + i === view.index;
				return (
					<Text key={item.value} {...(selected ? theme.accent : {})}>
						{selected ? '❯ ' : '  '}
						{item.label}
					</Text>
				);
			})}
			{below > 0 ? <Text {...theme.muted}>  ↓ {below} more</Text> : null}
		</Box>
	);
}
