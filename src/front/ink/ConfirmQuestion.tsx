import {Text} from 'ink';
import {useKeys} from './keys.js';
import type {Theme} from './theme.js';

/** A yes/no question: y or n, or Enter for the default. */
export function ConfirmQuestion(props: {message: string; initial: boolean; theme: Theme; onSubmit: (value: boolean) => void}) {
	useKeys((input, key) => {
		if (key.return) props.onSubmit(props.initial);
		else if (/^y$/i.test(input)) props.onSubmit(true);
		else if (/^n$/i.test(input)) props.onSubmit(false);
	});
	return (
		<Text>
			<Text {...props.theme.accent}>? </Text>
			<Text bold>{props.message} </Text>
			<Text {...props.theme.muted}>{props.initial ? '(Y/n)' : '(y/N)'}</Text>
		</Text>
	);
}
