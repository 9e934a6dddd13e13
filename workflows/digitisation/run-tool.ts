import { execFile } from 'node:child_process';

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
