import { settings } from './config/settings.js';
import { tracingVariables } from './config/tracing-settings.js';

/** What the command line asks for. */
export type Command =
  | { kind: 'serve' }
  | { kind: 'help' }
  | { kind: 'print-schema' }
  | { kind: 'usage-error'; message: string };

/** Reads the arguments after `node main.js`. Configuration itself comes from the environment. */
export function parseArguments(args: readonly string[]): Command {
  const [first, ...rest] = args;
  if (first === undefined) return { kind: 'serve' };
  const command: Command | null =
    first === '--help' || first === '-h'
      ? { kind: 'help' }
      : first === '--print-schema'
        ? { kind: 'print-schema' }
        : null;
  if (!command) return { kind: 'usage-error', message: `Unknown option: ${first}` };
  if (rest.length > 0) return { kind: 'usage-error', message: `Unexpected argument: ${rest[0]}` };
  return command;
}

/** `--help`: every option and every environment variable with its default. */
export function helpText(program: string): string {
  const width = Math.max(...[...settings, ...tracingVariables].map(({ name }) => name.length));
  const line = ({ name, defaultValue, meaning }: { name: string; defaultValue: string; meaning: string }) =>
    `  ${name.padEnd(width)}  ${meaning} (default: ${defaultValue})`;
  return [
    `Usage: ${program} [--help | --print-schema]`,
    '',
    'A GraphQL gateway for Bland AI personas and Bolna dispositions. With no option it serves;',
    'with no BLAND_*/BOLNA_* variable (outside production) it serves the embedded sandbox.',
    '',
    'Options:',
    '  --help, -h        print this help and exit',
    '  --print-schema    print the GraphQL schema (SDL) and exit',
    '',
    'Environment variables:',
    ...settings.map(line),
    '',
    'Tracing (OpenTelemetry; on when an OTLP endpoint is set, read by the SDK as it defines them):',
    ...tracingVariables.map(line),
    '',
  ].join('\n');
}
