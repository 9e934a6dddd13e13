import { execFile, spawn } from 'node:child_process';

export interface ToolResult {
  readonly stdout: string;
  readonly stderr: string;
}

/** A tool that failed: its exit code (null when killed), the tail of its stderr, whether it timed out. */
export class ToolError extends Error {
  constructor(
    readonly tool: string,
    readonly exitCode: number | null,
    readonly stderr: string,
    readonly timedOut: boolean,
  ) {
    super(
      `${tool} ${timedOut ? 'timed out' : `exited with ${exitCode ?? 'a signal'}`}: ${stderr.slice(-500)}`,
    );
  }
}

/**
 * Runs a command-line tool (poppler, ocrmypdf, Pillow) without a shell, with a time limit (SIGKILL at the
 * deadline: ocrmypdf's children go with its process group) and a bound on what it may print.
 */
export function runTool(
  file: string,
  args: readonly string[],
  o: { readonly timeoutMs: number; readonly maxOutputBytes?: number; readonly env?: NodeJS.ProcessEnv },
): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      {
        timeout: o.timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: o.maxOutputBytes ?? 16 * 1024 * 1024,
        encoding: 'utf8',
        env: o.env ?? process.env,
      },
      (err, stdout, stderr) => {
        if (!err) return resolve({ stdout, stderr });
        const e = err as NodeJS.ErrnoException & { killed?: boolean; code?: unknown; signal?: unknown };
        reject(
          new ToolError(
            file,
            typeof e.code === 'number' ? e.code : null,
            String(stderr ?? e.message),
            e.killed === true && e.signal === 'SIGKILL',
          ),
        );
      },
    );
  });
}

/**
 * runTool for a long run whose progress shows in its stderr: each stderr line goes to `onLine` as it
 * comes; stdout and the stderr kept for the error are bounded. SIGKILL at the time limit.
 */
export function runToolWatched(
  file: string,
  args: readonly string[],
  o: {
    readonly timeoutMs: number;
    readonly env?: NodeJS.ProcessEnv;
    readonly onLine: (line: string) => void;
  },
): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env: o.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let tail = '';
    let pending = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, o.timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      if (stdout.length < 1024 * 1024) stdout += s;
    });
    child.stderr.setEncoding('utf8').on('data', (s: string) => {
      tail = (tail + s).slice(-8192);
      pending += s;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) o.onLine(line);
      if (pending.length > 65536) pending = '';
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new ToolError(file, null, e.message, false));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (pending) o.onLine(pending);
      if (code === 0 && !timedOut) resolve({ stdout, stderr: tail });
      else reject(new ToolError(file, code, tail, timedOut));
    });
  });
}
