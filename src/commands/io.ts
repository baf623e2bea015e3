/** Where a subcommand prints: stdout and stderr as functions, so tests collect what it says. */
export interface CommandIo {
	out: (text: string) => void;
	err: (text: string) => void;
}
