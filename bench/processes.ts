/**
 * Child processes for the bench: started on one core with taskset, measured through /proc, and
 * always killed when the bench ends. Linux only (the figures come from /proc).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { openSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

const clockTicksPerSecond =
  Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** Whether `taskset` can pin processes here (absent, or refused in some containers). */
export function canPin(): boolean {
  return spawnSync('taskset', ['-c', '0', 'true']).status === 0;
}

/** Pins every thread of this process (and so every child it starts later) to `core`. */
export function pinSelf(core: number): boolean {
  return spawnSync('taskset', ['-a', '-p', '-c', String(core), String(process.pid)]).status === 0;
}

/** The CPUs a process may run on, as /proc shows them (`0`, `0-1`). */
export async function allowedCpus(pid: number): Promise<string> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return /^Cpus_allowed_list:\s+(\S+)$/m.exec(status)?.[1] ?? 'unknown';
}

/** User + system CPU time of a whole process (every thread), in microseconds. */
export async function readCpuMicros(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // The command name, in parentheses, may hold spaces: count fields from after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1_000_000) / clockTicksPerSecond;
}

/** One core's time since boot, from /proc/stat, in microseconds: busy (anything but idle) and in all. */
export interface CoreTimes {
  busyUs: number;
  totalUs: number;
}

/** Every core's times, by core number. Steal (time the hypervisor gave elsewhere) counts as busy. */
export async function readCoreTimes(): Promise<CoreTimes[]> {
  const stat = await readFile('/proc/stat', 'utf8');
  const cores: CoreTimes[] = [];
  for (const match of stat.matchAll(/^cpu(\d+) (.+)$/gm)) {
    // user nice system idle iowait irq softirq steal (guest time is already in user).
    const ticks = (match[2] ?? '').trim().split(/\s+/).slice(0, 8).map(Number);
    const total = ticks.reduce((sum, value) => sum + value, 0);
    const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
    const toUs = (value: number) => (value * 1_000_000) / clockTicksPerSecond;
    cores[Number(match[1])] = { busyUs: toUs(total - idle), totalUs: toUs(total) };
  }
  return cores;
}

/** How busy a core was between two readings, in percent. */
export function busyPercent(before: CoreTimes | undefined, after: CoreTimes | undefined): number {
  if (!before || !after || after.totalUs <= before.totalUs) return Number.NaN;
  return (100 * (after.busyUs - before.busyUs)) / (after.totalUs - before.totalUs);
}

/** A `kB` field of /proc/<pid>/status (`VmHWM` is the peak RSS), in bytes. */
export async function readStatusBytes(pid: number, field: 'VmHWM' | 'VmRSS'): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kilobytes = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status)?.[1];
  if (kilobytes === undefined) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(kilobytes) * 1024;
}

/** A port nothing listens on right now, on 127.0.0.1. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface BenchChild {
  name: string;
  pid: number;
  process: ChildProcess;
  /** Settles when the process has exited, for whatever reason. */
  exited: Promise<Exit>;
  /** Set once it has exited. */
  exit: Exit | null;
  /** The last lines it wrote to stderr (and to stdout when that is not sent to a file). */
  tail(): string;
  /** Resolves with the first stdout line that starts with `prefix` (stdout must not go to a file). */
  lineStartingWith(prefix: string, timeoutMs: number): Promise<string>;
  /** SIGKILL, then waits for the exit. */
  kill(): Promise<Exit>;
}

const live = new Set<ChildProcess>();

/** Kills every child still running (on exit, on a signal, on the time bound). */
export function killAllChildren(): void {
  for (const child of live) child.kill('SIGKILL');
}

export interface StartOptions {
  name: string;
  /** A script for `node`; or, with {@link StartOptions.command}, nothing. */
  script?: string;
  /** Another program and its arguments (redis-server), instead of `node <script>`. */
  command?: readonly string[];
  env: NodeJS.ProcessEnv;
  /** The core to pin it to; null: unpinned. */
  core: number | null;
  /** Where its stdout goes; undefined: kept in memory (the tail) and read for lines. */
  stdoutFile?: string;
}

/** Starts `node <script>` as the bench would run it in production (no loader, no inspector), or `command`. */
export function startChild({
  name,
  script,
  command: program,
  env,
  core,
  stdoutFile,
}: StartOptions): BenchChild {
  const argv = program ?? [process.execPath, script ?? ''];
  const command = core === null ? (argv[0] ?? '') : 'taskset';
  const args = core === null ? argv.slice(1) : ['-c', String(core), ...argv];
  const stdout = stdoutFile === undefined ? 'pipe' : openSync(stdoutFile, 'a');
  const child = spawn(command, args, { env, stdio: ['ignore', stdout, 'pipe'] });
  if (child.pid === undefined) throw new Error(`${name} did not start`);
  live.add(child);
  let recent = '';
  const keep = (chunk: string) => {
    recent = (recent + chunk).slice(-4000);
  };
  child.stderr?.setEncoding('utf8').on('data', keep);
  const waiters: { prefix: string; resolve: (line: string) => void }[] = [];
  let pending = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    keep(chunk);
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      for (const waiter of waiters.filter(({ prefix }) => line.startsWith(prefix))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  });
  const handle: BenchChild = {
    name,
    pid: child.pid,
    process: child,
    exit: null,
    exited: new Promise<Exit>((resolve) => {
      child.once('exit', (code, signal) => {
        live.delete(child);
        handle.exit = { code, signal };
        resolve(handle.exit);
      });
    }),
    tail: () => recent,
    lineStartingWith: (prefix, timeoutMs) =>
      new Promise<string>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${name} printed no "${prefix}" line within ${timeoutMs} ms:\n${recent}`)),
          timeoutMs,
        );
        waiters.push({
          prefix,
          resolve: (line) => {
            clearTimeout(timer);
            resolve(line);
          },
        });
        void handle.exited.then((exit) => {
          clearTimeout(timer);
          reject(
            new Error(`${name} exited (${JSON.stringify(exit)}) before printing "${prefix}":\n${recent}`),
          );
        });
      }),
    kill: async () => {
      if (handle.exit) return handle.exit;
      child.kill('SIGKILL');
      return handle.exited;
    },
  };
  return handle;
}

/**
 * Calls `probe` every `intervalMs` until it resolves true; resolves with the milliseconds from
 * `since` (a `performance.now()`) to that success. Rejects on `timeoutMs`, or when `child` exits.
 */
export async function waitUntilReady(
  child: BenchChild,
  probe: () => Promise<boolean>,
  since: number,
  { intervalMs = 5, timeoutMs = 20_000 } = {},
): Promise<number> {
  for (;;) {
    if (child.exit) throw new Error(`${child.name} exited (${JSON.stringify(child.exit)}):\n${child.tail()}`);
    const ok = await probe().catch(() => false);
    if (ok) return performance.now() - since;
    if (performance.now() - since > timeoutMs) {
      throw new Error(`${child.name} was not ready within ${timeoutMs} ms:\n${child.tail()}`);
    }
    await sleep(intervalMs);
  }
}
