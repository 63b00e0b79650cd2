import { spawn } from 'node:child_process';
import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pollUntil } from '../helpers/wait-until.js';

/** The repository's root and the console's workspace in it. */
export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
export const consoleDir = join(projectRoot, 'examples/console');
export const consoleGeneratedDir = join(consoleDir, 'src/generated');
/** The trusted-documents manifest the console's codegen writes. */
export const consoleManifestPath = join(consoleGeneratedDir, 'persisted-documents.json');

const commandTimeoutMs = 90_000;
// Two test files generate the console's types; codegen rewrites only files whose content changed,
// and this lock keeps a first generation from racing another.
const codegenLock = join(projectRoot, 'node_modules/.cache/console-codegen.lock');
const staleLockMs = 180_000;

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Only PATH and HOME from ours (no VITE_* or GATEWAY_* of the developer's), plus `env`. */
function cleanEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const clean: NodeJS.ProcessEnv = { ...env };
  if (process.env.PATH !== undefined) clean.PATH = process.env.PATH;
  if (process.env.HOME !== undefined) clean.HOME = process.env.HOME;
  return clean;
}

/** Runs a command from the project root to its end, killing it after 90 s. Never throws on exit codes. */
export function runCommand(
  command: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: projectRoot,
      env: cleanEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`${command} ${args.join(' ')} ran longer than ${commandTimeoutMs} ms:\n${stdout}${stderr}`),
      );
    }, commandTimeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** `npm run <script> -w examples/console [-- args]`, as a developer runs it. */
export function runConsoleScript(script: string, args: string[] = [], env: Record<string, string> = {}) {
  return runCommand(
    'npm',
    ['run', '--silent', script, '-w', 'examples/console', ...(args.length ? ['--', ...args] : [])],
    env,
  );
}

/** Fails with the command's output unless it exited 0. */
export function expectSuccess(what: string, finished: Finished): Finished {
  if (finished.code !== 0) {
    throw new Error(`${what} exited ${finished.code}:\n${finished.stdout}\n${finished.stderr}`);
  }
  return finished;
}

/** `npm run codegen -w examples/console`, one test file at a time. */
export async function generateConsole(): Promise<void> {
  await mkdir(join(codegenLock, '..'), { recursive: true });
  await pollUntil(
    async () => {
      try {
        await mkdir(codegenLock);
        return true;
      } catch {
        // A lock left by a run that was killed is taken over once it is old.
        const since = await stat(codegenLock).then(
          (found) => Date.now() - found.mtimeMs,
          () => 0,
        );
        if (since > staleLockMs) await rm(codegenLock, { recursive: true, force: true });
        return null;
      }
    },
    'the console codegen lock',
    { timeoutMs: commandTimeoutMs * 2, intervalMs: 100 },
  );
  try {
    expectSuccess('npm run codegen -w examples/console', await runConsoleScript('codegen'));
  } finally {
    await rm(codegenLock, { recursive: true, force: true });
  }
}
