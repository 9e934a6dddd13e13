import fs from 'node:fs';
import path from 'node:path';

/**
 * Readers for the production stack's files (docker/), for tests that check them without a Docker
 * engine: Dockerfile instructions, Compose variable interpolation, dotenv files, .dockerignore
 * matching and nginx configuration.
 */
export const repoRoot = path.resolve(__dirname, '..', '..');
export const dockerDir = path.join(repoRoot, 'docker');
export const readRepoFile = (relative: string): string =>
  fs.readFileSync(path.join(repoRoot, relative), 'utf8');

export interface DockerInstruction {
  readonly keyword: string;
  readonly args: string;
  readonly line: number;
}

export interface DockerStage {
  readonly name?: string;
  readonly from: string;
  readonly instructions: readonly DockerInstruction[];
}

export interface Dockerfile {
  /** ARGs declared before the first FROM, with their defaults. */
  readonly globalArgs: Readonly<Record<string, string>>;
  readonly stages: readonly DockerStage[];
}

/** Dockerfile reference: `\` continues a line; comment lines are dropped, also inside continuations. */
export function parseDockerfile(source: string): Dockerfile {
  const instructions: DockerInstruction[] = [];
  let pending: { text: string; line: number } | undefined;
  source.split('\n').forEach((raw, index) => {
    const line = raw.replace(/\r$/, '');
    if (/^\s*#/.test(line) || (!pending && line.trim() === '')) return;
    const continued = /\\\s*$/.test(line);
    const text = line.replace(/\\\s*$/, '');
    pending = pending
      ? { text: `${pending.text} ${text.trim()}`, line: pending.line }
      : { text, line: index + 1 };
    if (!continued) {
      const match = /^\s*(\S+)\s*(.*)$/.exec(pending.text)!;
      instructions.push({ keyword: match[1].toUpperCase(), args: match[2].trim(), line: pending.line });
      pending = undefined;
    }
  });
  const globalArgs: Record<string, string> = {};
  const stages: { name?: string; from: string; instructions: DockerInstruction[] }[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const [from, as, name] = instruction.args.split(/\s+/).filter((word) => !word.startsWith('--'));
      stages.push({ from, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
    } else if (stages.length === 0) {
      if (instruction.keyword === 'ARG') {
        const [name, value = ''] = instruction.args.split('=');
        globalArgs[name] = value;
      }
    } else {
      stages[stages.length - 1].instructions.push(instruction);
    }
  }
  return { globalArgs, stages };
}

/** Names set by ENV instructions (`ENV A=1 B=2` form). */
export function envNames(stage: DockerStage): string[] {
  return stage.instructions
    .filter((i) => i.keyword === 'ENV')
    .flatMap((i) => [...i.args.matchAll(/(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)=/g)].map((m) => m[1]));
}

export type Environment = Readonly<Record<string, string | undefined>>;

export class MissingVariableError extends Error {}

/**
 * Compose variable interpolation: `$$`, `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
 * `${VAR:?message}`, `${VAR?message}` (the forms the Compose specification defines).
 */
export function interpolate(value: string, env: Environment, seen?: Set<string>): string {
  return value.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (whole, braced?: string, colon?: string, op?: string, operand?: string, bare?: string) => {
      if (whole === '$$') return '$';
      const name = (braced ?? bare)!;
      seen?.add(name);
      const current = env[name];
      const unset = current === undefined || (colon === ':' && current === '');
      if (op === '-' && unset) return interpolate(operand ?? '', env, seen);
      if (op === '?' && unset) throw new MissingVariableError(`${name}: ${operand}`);
      return current ?? '';
    },
  );
}

/** Interpolates every string inside a parsed Compose document. */
export function interpolateDeep<T>(node: T, env: Environment, seen?: Set<string>): T {
  if (typeof node === 'string') return interpolate(node, env, seen) as T;
  if (Array.isArray(node)) return node.map((item) => interpolateDeep(item, env, seen)) as T;
  if (node && typeof node === 'object') {
    return Object.fromEntries(
      Object.entries(node).map(([key, item]) => [key, interpolateDeep(item, env, seen)]),
    ) as T;
  }
  return node;
}

/** KEY=VALUE lines; `#` comments; surrounding single or double quotes removed. */
export function parseDotenv(source: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const line of source.split('\n')) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match) continue;
    const quoted = /^(['"])(.*)\1$/.exec(match[2]);
    result[match[1]] = quoted ? quoted[2] : match[2];
  }
  return result;
}

/**
 * .dockerignore semantics: patterns are matched against the path and each of its parents, `*` stays
 * inside one path segment, `**` crosses segments, `!` re-includes, and the last matching pattern wins.
 */
export function isIgnoredByDockerignore(ignoreFile: string, file: string): boolean {
  const patterns = ignoreFile
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const segments = file.split('/');
  const candidates = segments.map((_, i) => segments.slice(0, i + 1).join('/'));
  let ignored = false;
  for (const raw of patterns) {
    const negated = raw.startsWith('!');
    const pattern = (negated ? raw.slice(1) : raw).replace(/^\/+/, '').replace(/\/+$/, '');
    const regex = new RegExp(
      `^${pattern
        .split(/(\*\*\/?|\*|\?)/)
        .map((part) =>
          part === '**/' || part === '**'
            ? '(?:.*/)?'
            : part === '*'
              ? '[^/]*'
              : part === '?'
                ? '[^/]'
                : part.replace(/[.+^${}()|[\]\\]/g, '\\$&'),
        )
        .join('')}$`,
    );
    if (candidates.some((candidate) => regex.test(candidate))) ignored = !negated;
  }
  return ignored;
}

export interface NginxDirective {
  readonly name: string;
  readonly args: readonly string[];
  readonly block?: readonly NginxDirective[];
}

/** nginx configuration syntax: directives end with `;` or open a `{ ... }` block; `#` comments. */
export function parseNginx(source: string): NginxDirective[] {
  const tokens: string[] = [];
  const tokenizer = /\s+|#[^\n]*|"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([{};])|([^\s{};"'#]+)/gy;
  let match: RegExpExecArray | null;
  while (tokenizer.lastIndex < source.length && (match = tokenizer.exec(source))) {
    const token = match[1] ?? match[2] ?? match[3] ?? match[4];
    if (token !== undefined) tokens.push(token);
  }
  let position = 0;
  const block = (): NginxDirective[] => {
    const directives: NginxDirective[] = [];
    while (position < tokens.length && tokens[position] !== '}') {
      const words: string[] = [];
      while (!['{', ';', '}'].includes(tokens[position])) words.push(tokens[position++]);
      const [name, ...args] = words;
      if (tokens[position++] === '{') {
        directives.push({ name, args, block: block() });
        if (tokens[position++] !== '}') throw new Error(`unclosed block ${name}`);
      } else {
        directives.push({ name, args });
      }
    }
    return directives;
  };
  const result = block();
  if (position !== tokens.length) throw new Error('unbalanced }');
  return result;
}

/** nginx size syntax: 310m, 1g, 512k, 1048576. */
export function nginxBytes(size: string): number {
  const match = /^(\d+)([kKmMgG]?)$/.exec(size);
  if (!match) throw new Error(`not an nginx size: ${size}`);
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[match[2].toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Number(match[1]) * unit;
}

/** nginx time syntax: 300s, 5m, 1h, 300 (seconds). */
export function nginxSeconds(time: string): number {
  const match = /^(\d+)(ms|s|m|h|d)?$/.exec(time);
  if (!match) throw new Error(`not an nginx time: ${time}`);
  const unit = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 }[
    (match[2] ?? 's') as 'ms' | 's' | 'm' | 'h' | 'd'
  ];
  return Number(match[1]) * unit;
}
