// cli.mjs: the options of every script (scripts/*.mjs, bench/*.mjs), read with node:util's
// parseArgs. An unknown option, a missing value or a stray argument is a usage error: the message
// and the usage on stderr, exit status 2. `--help` prints the usage and exits 0.
import { parseArgs } from 'node:util';

export const USAGE_EXIT = 2;

/**
 * Parses `argv` (default: this process's arguments) by `options` (parseArgs' format; `help` is
 * added) and returns { values, positionals }; positionals are refused unless `positionals` is
 * true. `check(values, positionals)` may return a message to reject them. `exit` and `log` are
 * parameters so that a test can call this without ending the process; `name` (the script's)
 * starts every message.
 */
export function readOptions({ name, usage, options, positionals: allowPositionals = false,
  check = () => null, argv = process.argv.slice(2), exit = (code) => process.exit(code),
  log = console } = {}) {
  let values;
  let positionals;
  try {
    ({ values, positionals } = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } },
      strict: true, allowPositionals }));
  } catch (e) {
    log.error(`${name}: ${e.message}\n${usage}`);
    return exit(USAGE_EXIT);
  }
  if (values.help) {
    log.log(usage);
    return exit(0);
  }
  const problem = check(values, positionals);
  if (problem) {
    log.error(`${name}: ${problem}\n${usage}`);
    return exit(USAGE_EXIT);
  }
  return { values, positionals };
}

/** A whole number >= `min` from an option's text, or null when it is not one. */
export function wholeNumber(text, min = 1) {
  if (text === undefined) return null;
  if (!/^\d+$/.test(text)) return null;
  const n = Number(text);
  return Number.isSafeInteger(n) && n >= min ? n : null;
}
