// What node:util's parseArgs throws, as the kit's words. Node names the option only inside
// its English message (`Unknown option '--x'`, `Option '--step <value>' argument missing`),
// so the option is read from there, in this one place, for every command that parses options.

/** The catalog key and the option named, for `cli.missingValue` or `cli.unknownOption`. */
export function optionError(err: unknown): { key: 'cli.missingValue' | 'cli.unknownOption'; option: string } {
  const { code, message } = err as { code?: string; message?: string };
  const option = /'(-[^' ]+)/.exec(String(message))?.[1] ?? '';
  return { key: code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' ? 'cli.missingValue' : 'cli.unknownOption', option };
}
