/** A fake TTY for mounting Ink through our own runInk(): records raw-mode changes and frames. */
import {EventEmitter} from 'node:events';
import {stripVTControlCharacters} from 'node:util';

/** A stdin that Ink accepts as a TTY and that remembers every setRawMode() call. */
export class FakeStdin extends EventEmitter {
	isTTY = true;
	rawModes: boolean[] = [];
	pendingInput: string[] = [];
	write(data: string): void {
		this.pendingInput.push(data);
		this.emit('readable');
	}

	read(): string | null {
		return this.pendingInput.shift() ?? null;
	}

	setRawMode(mode: boolean): this {
		this.rawModes.push(mode);
		return this;
	}

	setEncoding(): this {
		return this;
	}

	resume(): this {
		return this;
	}

	pause(): this {
		return this;
	}

	ref(): this {
		return this;
	}

	unref(): this {
		return this;
	}
}

/** A stdout that keeps frames (Ink writes whole frames in debug-less mode too, as ANSI-laced text). */
export class FakeStdout extends EventEmitter {
	isTTY = true;
	columns = 100;
	rows = 40;
	output = '';
	write(chunk: string): boolean {
		this.output += chunk;
		return true;
	}

	/** Everything written so far, without ANSI escapes. */
	lastFrame = (): string => stripVTControlCharacters(this.output);
}

/** The three streams, typed loosely for Ink's render options. */
export function fakeTerminal() {
	const stdin = new FakeStdin();
	const stdout = new FakeStdout();
	const stderr = new FakeStdout();
	return {stdin, stdout, stderr, ink: {stdin: stdin as unknown as NodeJS.ReadStream, stdout: stdout as unknown as NodeJS.WriteStream, stderr: stderr as unknown as NodeJS.WriteStream}};
}
