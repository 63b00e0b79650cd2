import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const startTimeoutMs = 15_000;

export interface RunningMain {
  /** `http://127.0.0.1:<port>`, the port the gateway really listens on. */
  origin: string;
  child: ChildProcess;
  /** Every line written to standard output so far (JSON log lines). */
  lines(): string[];
  stderr(): string;
  /** Kills the process (SIGKILL: no drain) and waits until it has exited. */
  stop(): Promise<void>;
}

/** Options for {@link startMain}. */
export interface StartMainOptions {
  /**
   * What node runs: the arguments after `node` (the built bundle: `[<dir>/main.js]`).
   * @default ['--import', 'tsx', 'src/main.ts']
   */
  entry?: readonly string[];
}

/**
 * Starts `node --import tsx src/main.ts` (or `entry`) with a clean environment (PATH and HOME,
 * then `env`; no variable of ours leaks in), waits until it logs the line that says where it
 * listens (give it PORT=0 and a loopback HOST), and gives its origin.
 */
export async function startMain(
  env: Record<string, string>,
  { entry = ['--import', 'tsx', 'src/main.ts'] }: StartMainOptions = {},
): Promise<RunningMain> {
  const child = spawn(process.execPath, entry, {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };

  const origin = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => fail(`no start-up line within ${startTimeoutMs} ms`), startTimeoutMs);
    const check = () => {
      const match = /(?:GraphiQL|GraphQL): (http:\/\/[^\s"]+)\/graphql/.exec(stdout);
      if (!match?.[1]) return;
      done();
      resolve(match[1]);
    };
    const onExit = () => fail('main exited before it listened');
    const fail = (why: string) => {
      done();
      void stop();
      reject(new Error(`${why}:\n${stdout}${stderr}`));
    };
    const done = () => {
      clearTimeout(timer);
      child.stdout?.off('data', check);
      child.off('exit', onExit);
    };
    child.stdout?.on('data', check);
    child.once('exit', onExit);
  });

  return {
    origin,
    child,
    lines: () => stdout.split('\n').filter((line) => line.trim() !== ''),
    stderr: () => stderr,
    stop,
  };
}
