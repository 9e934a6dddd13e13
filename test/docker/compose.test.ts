import { expect } from 'chai';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { validate, ValidationSeverity } from 'dockerfile-utils';
import { parse } from 'yaml';
import { loadConfig } from '../../server/config';
import {
  dockerDir,
  envNames,
  interpolateDeep,
  isIgnoredByDockerignore,
  MissingVariableError,
  nginxBytes,
  nginxSeconds,
  parseDockerfile,
  parseDotenv,
  parseNginx,
  readRepoFile,
  repoRoot,
  type DockerStage,
  type NginxDirective,
} from './stack-files';

// The production stack cannot be started here (no Docker engine), so its files are checked for the
// invariants that make it correct: configuration the server understands, one published entry point,
// object lock, health-gated start-up, a non-root image holding only what runs.

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string; args?: Record<string, string> };
  restart?: string;
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, string | number | boolean>;
  ports?: string[];
  volumes?: string[];
  tmpfs?: string[];
  read_only?: boolean;
  healthcheck?: { test: string[] | string; disable?: boolean };
  depends_on?: Record<string, { condition: string }>;
  deploy?: { replicas?: number };
  container_name?: string;
  networks?: string[];
}
interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
  networks?: Record<string, { internal?: boolean } | null>;
}

const composeSource = readRepoFile('docker/compose.yml');
const rawCompose = parse(composeSource) as ComposeFile;
const envExample = parseDotenv(readRepoFile('docker/.env.example'));
const isSecretName = (name: string) => /PASSWORD|SECRET|TOKEN/.test(name);
/** .env.example as an operator fills it in: every empty secret gets a URL-safe value. */
const filledEnv: Record<string, string> = Object.fromEntries(
  Object.entries(envExample).map(([name, value]) => [
    name,
    isSecretName(name) && value === '' ? `${name.toLowerCase().replace(/_/g, '')}0123456789abcdef` : value,
  ]),
);
const compose = interpolateDeep(rawCompose, filledEnv);
const services = compose.services;

/** Variable names server/config.ts reads (`env.NAME`), taken from its source. */
const configVariables = new Set(
  [...readRepoFile('server/config.ts').matchAll(/\benv\.([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]),
);

const dockerfileSource = readRepoFile('docker/Dockerfile');
const dockerfile = parseDockerfile(dockerfileSource);
const runtimeStage = dockerfile.stages[dockerfile.stages.length - 1];
const stageByName = (name: string): DockerStage => {
  const stage = dockerfile.stages.find((s) => s.name === name);
  if (!stage) throw new Error(`no stage named ${name}`);
  return stage;
};
const instructionsOf = (stage: DockerStage, keyword: string) =>
  stage.instructions.filter((i) => i.keyword === keyword);
const withGlobalArgs = (text: string) =>
  text.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_, name: string) => dockerfile.globalArgs[name] ?? '');

const serverServiceNames = Object.keys(services).filter(
  (name) => services[name].build?.dockerfile === 'docker/Dockerfile',
);
const serverName = serverServiceNames[0];
const server = services[serverName];
const serverEnv = Object.fromEntries(
  Object.entries(server.environment ?? {}).map(([name, value]) => [name, String(value)]),
);
const proxyNames = Object.keys(services).filter((name) => (services[name].ports ?? []).length > 0);

const nginxConfPath = (): string => {
  const mount = (services[proxyNames[0]].volumes ?? []).find((v) => v.includes('/etc/nginx/'));
  if (!mount) throw new Error('the proxy mounts no nginx configuration');
  return path.resolve(dockerDir, mount.split(':')[0]);
};
const nginx = (): NginxDirective[] => parseNginx(fs.readFileSync(nginxConfPath(), 'utf8'));
const allDirectives = (directives: readonly NginxDirective[]): NginxDirective[] =>
  directives.flatMap((d) => [d, ...allDirectives(d.block ?? [])]);

describe('docker/Dockerfile', () => {
  it('passes the Dockerfile linter (dockerfile-utils) with warnings treated as errors', () => {
    const problems = validate(dockerfileSource, {
      deprecatedMaintainer: ValidationSeverity.ERROR,
      emptyContinuationLine: ValidationSeverity.ERROR,
      instructionCasing: ValidationSeverity.ERROR,
      instructionCmdMultiple: ValidationSeverity.ERROR,
      instructionEntrypointMultiple: ValidationSeverity.ERROR,
      instructionHealthcheckMultiple: ValidationSeverity.ERROR,
      instructionJSONInSingleQuotes: ValidationSeverity.ERROR,
      instructionWorkdirRelative: ValidationSeverity.ERROR,
    });
    expect(problems.map((p) => `line ${p.range.start.line + 1}: ${p.message}`)).to.deep.equal([]);
  });

  it('builds in one stage and runs in another, both on Node 20 bookworm-slim', () => {
    expect(dockerfile.stages.length).to.be.at.least(2);
    for (const stage of dockerfile.stages) {
      expect(withGlobalArgs(stage.from)).to.match(/^node:20(\.\d+)*-bookworm-slim$/);
    }
    expect(
      instructionsOf(runtimeStage, 'RUN')
        .map((i) => i.args)
        .join(' '),
    ).not.to.match(/\bg\+\+|\bmake\b/);
  });

  it('runs as a non-root user that the image creates', () => {
    const users = instructionsOf(runtimeStage, 'USER');
    expect(users, 'a USER instruction in the runtime stage').to.have.length.greaterThan(0);
    const last = users[users.length - 1];
    const [user] = last.args.split(':');
    expect(user).not.to.match(/^(root|0)$/);
    const lastRun = Math.max(...instructionsOf(runtimeStage, 'RUN').map((i) => i.line));
    expect(last.line, 'USER after the last RUN').to.be.greaterThan(lastRun);
    const created = instructionsOf(runtimeStage, 'RUN').some((i) =>
      new RegExp(`useradd\\b[^&;]*\\s${user}(\\s|$)`).test(i.args),
    );
    expect(created || user === 'node', `user ${user} is created`).to.equal(true);
  });

  it('copies only dist, production node_modules and package.json into the runtime stage', () => {
    expect(instructionsOf(runtimeStage, 'ADD')).to.deep.equal([]);
    const copies = instructionsOf(runtimeStage, 'COPY');
    const copied = copies.map((copy) => {
      const from = /--from=(\S+)/.exec(copy.args)?.[1];
      expect(from, `${copy.args}: copied from a build stage, not the context`).to.be.a('string');
      const words = copy.args.split(/\s+/).filter((w) => !w.startsWith('--'));
      return { from: from!, sources: words.slice(0, -1).map((s) => path.posix.basename(s)) };
    });
    expect(copied.flatMap((c) => c.sources).sort()).to.deep.equal(['dist', 'node_modules', 'package.json']);
    // The stage node_modules comes from drops devDependencies after compiling.
    const source = stageByName(copied.find((c) => c.sources.includes('node_modules'))!.from);
    const runs = instructionsOf(source, 'RUN');
    const prune = runs.findIndex((i) => /npm (prune|ci|install)\b[^&]*--omit=dev/.test(i.args));
    const compile = runs.findIndex((i) => /\btsc\b|npm run build/.test(i.args));
    expect(compile, 'TypeScript is compiled').to.be.at.least(0);
    expect(prune, 'devDependencies are dropped after compiling').to.be.greaterThan(compile);
  });

  it('sets only environment variables that server/config.ts reads in the runtime stage', () => {
    const names = envNames(runtimeStage);
    expect(names).to.include.members(['VANBAN_MODE', 'DATA_DIR']);
    expect(names.filter((n) => !configVariables.has(n))).to.deep.equal([]);
  });

  it('forwards signals to node through an init process', () => {
    const entrypoint = instructionsOf(runtimeStage, 'ENTRYPOINT').pop();
    expect(entrypoint?.args).to.match(/tini/);
    expect(
      instructionsOf(runtimeStage, 'RUN').some((i) => /apt-get install[^&]*\btini\b/.test(i.args)),
    ).to.equal(true);
    const cmd = JSON.parse(instructionsOf(runtimeStage, 'CMD').pop()!.args) as string[];
    expect(cmd[0]).to.equal('node');
    expect(cmd[cmd.length - 1]).to.equal('dist/server/main.js');
  });

  describe('health check', () => {
    const healthcheck = () => {
      const instruction = instructionsOf(runtimeStage, 'HEALTHCHECK').pop();
      expect(instruction, 'a HEALTHCHECK').not.to.equal(undefined);
      const exec = /\bCMD\s+(\[.*\])\s*$/.exec(instruction!.args);
      expect(exec, 'exec form').not.to.equal(null);
      const argv = JSON.parse(exec![1]) as string[];
      expect(argv[0]).to.equal('node');
      return argv.slice(1);
    };
    const runCheck = (port: number) =>
      new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, healthcheck(), {
          env: { PORT: String(port) },
          stdio: 'ignore',
        });
        child.on('exit', (code) => resolve(code));
      });
    const withServer = async (status: number, body: (port: number, paths: string[]) => Promise<void>) => {
      const paths: string[] = [];
      const server = http.createServer((req, res) => {
        paths.push(req.url ?? '');
        res.statusCode = status;
        res.end();
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        await body((server.address() as AddressInfo).port, paths);
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    };

    it('succeeds when /healthz on PORT answers 200', async () => {
      await withServer(200, async (port, paths) => {
        expect(await runCheck(port)).to.equal(0);
        expect(paths).to.deep.equal(['/healthz']);
      });
    });

    it('fails when /healthz answers 503', async () => {
      await withServer(503, async (port) => {
        expect(await runCheck(port)).to.equal(1);
      });
    });

    it('fails when nothing listens', async () => {
      let freePort = 0;
      await withServer(200, async (port) => {
        freePort = port;
      });
      expect(await runCheck(freePort)).to.equal(1);
    });
  });

  it('gets everything it copies from the build context, and nothing private or bulky', () => {
    const ignoreFile = readRepoFile('docker/Dockerfile.dockerignore');
    const contextSources = dockerfile.stages.flatMap((stage) =>
      instructionsOf(stage, 'COPY')
        .filter((copy) => !copy.args.includes('--from='))
        .flatMap((copy) => copy.args.split(/\s+/).slice(0, -1)),
    );
    expect(contextSources).to.include.members(['package.json', 'package-lock.json', 'server']);
    for (const source of contextSources) {
      expect(fs.existsSync(path.join(repoRoot, source)), `${source} exists`).to.equal(true);
      expect(isIgnoredByDockerignore(ignoreFile, source), `${source} reaches the build`).to.equal(false);
    }
    for (const kept of ['server/config.ts', 'signing/errors.ts']) {
      expect(isIgnoredByDockerignore(ignoreFile, kept), kept).to.equal(false);
    }
    for (const excluded of [
      'node_modules/pg/package.json',
      'dist/server/main.js',
      'data/pg/PG_VERSION',
      '.git/HEAD',
      'docker/.env',
      'server/.env',
      'test/smoke.test.ts',
      'bench/out/report.json',
    ]) {
      expect(isIgnoredByDockerignore(ignoreFile, excluded), excluded).to.equal(true);
    }
  });
});

describe('docker/compose.yml', () => {
  it('follows the Compose specification without the obsolete version key', () => {
    expect(rawCompose).not.to.have.property('version');
    expect(serverServiceNames, 'one service builds docker/Dockerfile').to.have.length(1);
    expect(path.resolve(dockerDir, server.build!.context)).to.equal(repoRoot);
    expect(fs.existsSync(path.join(repoRoot, server.build!.dockerfile))).to.equal(true);
    for (const [name, service] of Object.entries(services)) {
      for (const dependency of Object.keys(service.depends_on ?? {})) {
        expect(services, `${name} depends on ${dependency}`).to.have.property(dependency);
      }
    }
  });

  it('sets only variables that server/config.ts reads, and they load as a production configuration', () => {
    expect(Object.keys(serverEnv).filter((name) => !configVariables.has(name))).to.deep.equal([]);
    const config = loadConfig(serverEnv, '/');
    expect(config.mode).to.equal('production');
    expect(config.trustProxy).to.equal(true);
    expect(config.seedDemo).to.equal(false);
    expect(config.publicUrl).to.equal(filledEnv.PUBLIC_URL);
    expect(config.database.kind).to.equal('external');
    const database = new URL((config.database as { url: string }).url);
    expect(Object.keys(services), 'DATABASE_URL names a service').to.include(database.hostname);
    const postgresEnv = services[database.hostname].environment!;
    // Requests connect as the application role (no superuser, owns no table); migrations as the owner.
    expect(decodeURIComponent(database.username)).to.equal('vanban_app');
    expect(decodeURIComponent(database.username)).not.to.equal(postgresEnv.POSTGRES_USER);
    expect(decodeURIComponent(database.password)).to.equal(filledEnv.APP_DB_PASSWORD);
    expect(database.pathname).to.equal(`/${postgresEnv.POSTGRES_DB}`);
    const owner = new URL((config.database as { migrationUrl?: string }).migrationUrl ?? '');
    expect(owner.hostname).to.equal(database.hostname);
    expect(decodeURIComponent(owner.username)).to.equal(postgresEnv.POSTGRES_USER);
    expect(decodeURIComponent(owner.password)).to.equal(postgresEnv.POSTGRES_PASSWORD);
    expect(owner.pathname).to.equal(`/${postgresEnv.POSTGRES_DB}`);
    const store = config.objectStore;
    if (store.kind !== 's3') throw new Error('the stack must use the S3 object store');
    expect(store.objectLock).to.equal(true);
    expect(services[store.endPoint]?.command, 'S3_ENDPOINT names the MinIO service').to.include('server');
    expect(store.port).to.equal(9000);
    expect(store.bucket).to.equal(services['minio-init'].environment!.S3_BUCKET);
    expect(store.accessKey).to.equal(services['minio-init'].environment!.S3_ACCESS_KEY);
    expect(store.accessKey).not.to.equal(services.minio.environment!.MINIO_ROOT_USER);
    expect(config.uploadLimitBytes).to.equal(300 * 1024 * 1024);
    expect(config.dataDir).to.equal('/var/lib/vanban');
  });

  it('refuses to start while a secret of .env.example is left empty', () => {
    const secrets = Object.keys(envExample).filter((name) => isSecretName(name) && name !== 'METRICS_TOKEN');
    expect(secrets).to.include.members([
      'POSTGRES_PASSWORD',
      'APP_DB_PASSWORD',
      'MINIO_ROOT_PASSWORD',
      'S3_SECRET_KEY',
    ]);
    for (const secret of secrets) {
      expect(() => interpolateDeep(rawCompose, { ...filledEnv, [secret]: '' }), secret).to.throw(
        MissingVariableError,
      );
    }
    expect(() => interpolateDeep(rawCompose, envExample)).to.throw(MissingVariableError);
  });

  it('documents every variable it interpolates in .env.example, which holds no secret', () => {
    const used = new Set<string>();
    interpolateDeep(rawCompose, filledEnv, used);
    expect([...used].filter((name) => !(name in envExample))).to.deep.equal([]);
    expect(
      Object.entries(envExample).filter(([name, value]) => isSecretName(name) && value !== ''),
    ).to.deep.equal([]);
    expect(readRepoFile('docker/.gitignore').split('\n')).to.include('.env');
  });

  it('runs at least two server replicas that publish no port; only the proxy does', () => {
    expect(server.deploy?.replicas).to.be.at.least(2);
    expect(server).not.to.have.property('container_name');
    expect(server).not.to.have.property('ports');
    expect(proxyNames).to.deep.equal(['proxy']);
    expect(services.proxy.image).to.match(/^nginx:/);
  });

  it('keeps PostgreSQL and MinIO on an internal network the proxy is not on', () => {
    expect(compose.networks?.backend?.internal).to.equal(true);
    for (const name of ['postgres', 'minio', 'minio-init']) {
      expect(services[name].networks, name).to.deep.equal(['backend']);
    }
    expect(services.proxy.networks).not.to.include('backend');
    expect(server.networks).to.include.members(['backend', 'frontend']);
    expect(services.proxy.networks).to.include('frontend');
  });

  it('health-checks every long-running service and gates start-up on it', () => {
    for (const [name, service] of Object.entries(services)) {
      if (service.restart === 'no') continue;
      const fromImage =
        service.build?.dockerfile === 'docker/Dockerfile' &&
        instructionsOf(runtimeStage, 'HEALTHCHECK').length > 0;
      expect(!!service.healthcheck?.test || fromImage, `${name} has a health check`).to.equal(true);
      expect(service.healthcheck?.disable, name).not.to.equal(true);
    }
    for (const [name, service] of Object.entries(services)) {
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        const expected =
          services[dependency].restart === 'no' ? 'service_completed_successfully' : 'service_healthy';
        expect(condition, `${name} → ${dependency}`).to.equal(expected);
      }
    }
    expect(Object.keys(server.depends_on ?? {})).to.include.members(['postgres', 'minio-init']);
    expect(Object.keys(services['minio-init'].depends_on ?? {})).to.deep.equal(['minio']);
    expect(Object.keys(services.proxy.depends_on ?? {})).to.deep.equal([serverName]);
  });

  it('creates the MinIO bucket with object lock in its one-shot init service', () => {
    const init = services['minio-init'];
    expect(init.restart).to.equal('no');
    const mount = init
      .volumes!.map((v) => v.split(':'))
      .find(([, target]) => init.entrypoint!.includes(target));
    expect(mount, 'the entrypoint runs a mounted script').not.to.equal(undefined);
    const script = fs.readFileSync(path.resolve(dockerDir, mount![0]), 'utf8');
    expect(script).to.match(/\bmc mb --with-lock\b/);
    expect(services.minio.command).to.deep.equal(['server', '/data', '--console-address', ':9001']);
  });

  it('declares every named volume it mounts and keeps PostgreSQL and MinIO data on named volumes', () => {
    const declared = Object.keys(compose.volumes ?? {});
    const named = new Set<string>();
    for (const [name, service] of Object.entries(services)) {
      for (const volume of service.volumes ?? []) {
        const [source] = volume.split(':');
        if (source.startsWith('.') || source.startsWith('/')) {
          expect(fs.existsSync(path.resolve(dockerDir, source)), `${name}: ${source} exists`).to.equal(true);
        } else {
          expect(declared, `${name}: volume ${source}`).to.include(source);
          named.add(source);
        }
      }
    }
    expect([...named].sort()).to.deep.equal([...declared].sort());
    const dataOf = (service: string, target: string) =>
      services[service].volumes!.find((v) => v.split(':')[1] === target)?.split(':')[0];
    expect(declared).to.include(dataOf('postgres', '/var/lib/postgresql/data'));
    expect(declared).to.include(dataOf('minio', '/data'));
  });

  it('gives read-only server containers a writable DATA_DIR and /tmp', () => {
    expect(server.read_only).to.equal(true);
    const targets = (server.volumes ?? []).map((v) => v.split(':')[1]);
    expect(targets).to.include(serverEnv.DATA_DIR);
    expect(server.tmpfs).to.include('/tmp');
  });
});

describe('docker/nginx/vanban.conf', () => {
  it('sends every request to the replicas of the server service on its PORT', () => {
    const directives = allDirectives(nginx());
    const upstreams = directives.filter((d) => d.name === 'upstream');
    expect(upstreams).to.have.length(1);
    const servers = upstreams[0].block!.filter((d) => d.name === 'server');
    expect(servers.map((s) => s.args[0])).to.deep.equal([`${serverName}:${serverEnv.PORT}`]);
    // A name resolving to several replicas, kept fresh: `resolve` needs a resolver and a shared zone.
    expect(servers[0].args).to.include('resolve');
    expect(upstreams[0].block!.some((d) => d.name === 'zone')).to.equal(true);
    expect(directives.find((d) => d.name === 'resolver')?.args[0]).to.equal('127.0.0.11');
    const [, minor, patch] = /^nginx:1\.(\d+)(?:\.(\d+))?/.exec(services.proxy.image!)!.map(Number);
    expect(minor * 1000 + (patch || 0), 'nginx ≥ 1.27.3 supports resolve').to.be.at.least(27003);
    const passes = directives.filter((d) => d.name === 'proxy_pass');
    expect(passes.map((p) => p.args[0])).to.deep.equal([`http://${upstreams[0].args[0]}`]);
  });

  it('accepts uploads up to UPLOAD_LIMIT_BYTES with a small margin and long timeouts', () => {
    const directives = allDirectives(nginx());
    const limit = Number(serverEnv.UPLOAD_LIMIT_BYTES);
    const bodySizes = directives.filter((d) => d.name === 'client_max_body_size');
    expect(bodySizes).to.have.length(1);
    const bodySize = nginxBytes(bodySizes[0].args[0]);
    expect(bodySize).to.be.at.least(limit);
    expect(bodySize).to.be.at.most(limit * 1.1);
    for (const timeout of [
      'client_body_timeout',
      'proxy_read_timeout',
      'proxy_send_timeout',
      'send_timeout',
    ]) {
      const value = directives.find((d) => d.name === timeout)?.args[0];
      expect(value, timeout).to.be.a('string');
      expect(nginxSeconds(value!), timeout).to.be.at.least(120);
    }
  });

  it('passes the client address, scheme, host and a request id to the server', () => {
    const location = nginx()
      .flatMap((d) => allDirectives(d.block ?? []))
      .find((d) => d.name === 'location' && d.block?.some((inner) => inner.name === 'proxy_pass'))!;
    const headers = Object.fromEntries(
      location
        .block!.filter((d) => d.name === 'proxy_set_header')
        .map((d) => [d.args[0].toLowerCase(), d.args[1]]),
    );
    // The edge overwrites X-Forwarded-For: with TRUST_PROXY=true a client-sent value must not survive.
    expect(headers['x-forwarded-for']).to.equal('$remote_addr');
    expect(headers['x-forwarded-proto']).to.equal('$scheme');
    expect(headers.host).to.equal('$host');
    expect(headers['x-request-id']).to.match(/^\$/);
  });

  it('keeps /metrics off the public entry point', () => {
    const metrics = allDirectives(nginx()).find((d) => d.name === 'location' && d.args.includes('/metrics'));
    expect(metrics?.block?.map((d) => `${d.name} ${d.args.join(' ')}`)).to.deep.equal(['return 404']);
  });
});

describe('docker/minio/init.sh', () => {
  const script = path.join(dockerDir, 'minio', 'init.sh');
  let bin: string;
  before(() => {
    bin = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-fake-mc-'));
    // A stand-in for mc: records each call, keeps the policy file it is given, fails on request.
    fs.writeFileSync(
      path.join(bin, 'mc'),
      [
        '#!/bin/sh',
        'echo "$*" >> "$MC_LOG"',
        'if [ "$1 $2 $3" = "admin policy create" ]; then cp "$6" "$MC_POLICY"; fi',
        'if [ "$1 $2 $3" = "admin policy detach" ]; then exit 1; fi',
        'case "$*" in "$FAIL_ON"*) exit 1 ;; esac',
        'exit 0',
        '',
      ].join('\n'),
      { mode: 0o755 },
    );
  });
  after(() => fs.rmSync(bin, { recursive: true, force: true }));

  const run = (env: Record<string, string>) => {
    const log = path.join(bin, `calls-${Math.random().toString(36).slice(2)}.log`);
    const policy = path.join(bin, `policy-${Math.random().toString(36).slice(2)}.json`);
    const result = spawnSync('sh', [script], {
      encoding: 'utf8',
      env: {
        PATH: `${bin}:${process.env.PATH}`,
        TMPDIR: bin,
        MC_LOG: log,
        MC_POLICY: policy,
        FAIL_ON: 'never-fails',
        MINIO_ROOT_USER: 'root-user',
        MINIO_ROOT_PASSWORD: 'root-password',
        S3_ACCESS_KEY: 'vanban-app',
        S3_SECRET_KEY: 'app-secret',
        S3_BUCKET: 'vanban',
        ...env,
      },
    });
    const calls = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n').filter(Boolean) : [];
    const policyJson = fs.existsSync(policy) ? JSON.parse(fs.readFileSync(policy, 'utf8')) : undefined;
    return { status: result.status, stderr: result.stderr, calls, policy: policyJson };
  };

  it('is valid POSIX sh', () => {
    expect(spawnSync('sh', ['-n', script]).status).to.equal(0);
  });

  it('creates the bucket with object lock, sets its default retention and a restricted server account', () => {
    const { status, calls, policy } = run({
      S3_DEFAULT_RETENTION: 'GOVERNANCE 30d',
      S3_BUCKET: 'archive-01',
    });
    expect(status).to.equal(0);
    expect(calls[3]).to.match(/^admin policy create vanban vanban-app \S+\.json$/);
    expect([...calls.slice(0, 3), ...calls.slice(4)]).to.deep.equal([
      'alias set vanban http://minio:9000 root-user root-password',
      'mb --with-lock --ignore-existing vanban/archive-01',
      'retention set --default GOVERNANCE 30d vanban/archive-01',
      'admin user add vanban vanban-app app-secret',
      'admin policy detach vanban vanban-app --user vanban-app',
      'admin policy attach vanban vanban-app --user vanban-app',
    ]);
    expect(fs.existsSync(calls[3].split(' ').pop()!), 'the policy file is removed').to.equal(false);
    const statements = policy.Statement as { Effect: string; Action: string[]; Resource: string[] }[];
    const resources = statements.flatMap((s) => s.Resource);
    expect(
      resources.every((r) => r === 'arn:aws:s3:::archive-01' || r === 'arn:aws:s3:::archive-01/*'),
    ).to.equal(true);
    const denied = statements.filter((s) => s.Effect === 'Deny').flatMap((s) => s.Action);
    expect(denied).to.include.members([
      's3:BypassGovernanceRetention',
      's3:PutBucketObjectLockConfiguration',
    ]);
    const allowed = statements.filter((s) => s.Effect === 'Allow').flatMap((s) => s.Action);
    expect(allowed).to.include.members(['s3:PutObject', 's3:GetObject', 's3:PutObjectRetention']);
    expect(allowed.filter((a) => a.includes('*') || denied.includes(a))).to.deep.equal([]);
  });

  it('stops the stack when the bucket cannot take a retention (created without object lock)', () => {
    const { status, calls } = run({ S3_DEFAULT_RETENTION: 'COMPLIANCE 10y', FAIL_ON: 'retention set' });
    expect(status).not.to.equal(0);
    expect(calls[calls.length - 1]).to.equal('retention set --default COMPLIANCE 10y vanban/vanban');
  });

  it('clears the default retention when S3_DEFAULT_RETENTION is none', () => {
    const { status, calls } = run({ S3_DEFAULT_RETENTION: 'none' });
    expect(status).to.equal(0);
    expect(calls).to.include('retention clear --default vanban/vanban');
    expect(calls.some((c) => c.startsWith('retention set'))).to.equal(false);
  });

  for (const [problem, env] of [
    ['an unknown retention mode', { S3_DEFAULT_RETENTION: 'FOREVER 30d' }],
    ['a retention without a unit', { S3_DEFAULT_RETENTION: 'GOVERNANCE 30' }],
    ['a retention with extra words', { S3_DEFAULT_RETENTION: 'GOVERNANCE 30d now' }],
    ['a bucket name with capitals', { S3_BUCKET: 'VanBan' }],
    ['the root account as the server account', { S3_ACCESS_KEY: 'root-user' }],
  ] as const) {
    it(`rejects ${problem} before changing anything`, () => {
      const { status, calls, stderr } = run(env);
      expect(status).not.to.equal(0);
      expect(stderr).to.match(/^minio-init: /);
      expect(calls).to.deep.equal([]);
    });
  }
});
