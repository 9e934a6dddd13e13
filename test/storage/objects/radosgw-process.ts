import { execFile, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import * as Minio from 'minio';
import { S3ObjectStore } from '../../../storage/objects/s3-object-store';

const run = promisify(execFile);

/**
 * A throwaway Ceph cluster of the test run: one ceph-mon, one ceph-osd on memstore and radosgw on
 * 127.0.0.1, all with cephx, in a temp directory (Debian's ceph-mon, ceph-osd and radosgw packages,
 * Ceph 16). radosgw implements S3 Object Lock (COMPLIANCE and GOVERNANCE retention, legal hold,
 * versioned buckets), which s3rver does not: the object-store conformance suite runs its retention
 * cases against it.
 *
 *   const rgw = await sharedRadosgw();     // started once per mocha run, stopped by a root after hook
 *   S3ObjectStore.open({ endPoint: '127.0.0.1', port: rgw.port, ...rgw.credentials, ... })
 *
 * Each test uses its own bucket (buckets with Object Lock cannot be emptied while locks last).
 */
export interface RadosgwProcess {
  readonly port: number;
  readonly credentials: { accessKey: string; secretKey: string };
  readonly directory: string;
  /** Stops radosgw, the OSD and the monitor, and removes the directory; idempotent. */
  stop(): Promise<void>;
}

/** Whether the Ceph binaries are installed (scripts/ensure-deps.js installs them). */
export function radosgwAvailable(): boolean {
  return ['ceph-mon', 'ceph-osd', 'radosgw', 'ceph-authtool', 'monmaptool', 'radosgw-admin', 'ceph'].every(
    (bin) => spawnSync('sh', ['-c', `command -v ${bin}`]).status === 0,
  );
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

function pidOf(file: string): number | null {
  try {
    const pid = Number(fs.readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(what: string, check: () => Promise<boolean>, attempts = 240): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`radosgw-process: ${what} did not come up`);
}

/** Starts a new cluster in a temp directory (about 15–40 s). */
export async function startRadosgw(): Promise<RadosgwProcess> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-ceph-'));
  for (const sub of ['mon', 'osd', 'run', 'log', 'rgw']) fs.mkdirSync(path.join(dir, sub));
  const fsid = randomUUID();
  const monPort = await freePort();
  const rgwPort = await freePort();
  const conf = path.join(dir, 'ceph.conf');
  fs.writeFileSync(
    conf,
    `[global]
fsid = ${fsid}
mon host = v2:127.0.0.1:${monPort}
mon initial members = a
public addr = 127.0.0.1
auth cluster required = cephx
auth service required = cephx
auth client required = cephx
keyring = ${dir}/keyring
run dir = ${dir}/run
admin socket = ${dir}/run/$name.asok
log file = ${dir}/log/$name.log
pid file = ${dir}/run/$name.pid
ms bind ipv6 = false
ms bind msgr1 = false
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd crush chooseleaf type = 0
mon allow pool size one = true
mon warn on pool no redundancy = false
mon max pg per osd = 1000
mon data avail warn = 1
mon data avail crit = 0
osd objectstore = memstore
memstore device bytes = 2147483648
[mon.a]
mon data = ${dir}/mon
[osd.0]
osd data = ${dir}/osd
keyring = ${dir}/osd/keyring
[client.rgw]
keyring = ${dir}/rgw.keyring
rgw frontends = beast endpoint=127.0.0.1:${rgwPort}
rgw data = ${dir}/rgw
`,
  );
  const c = ['-c', conf];
  const proc: RadosgwProcess = {
    port: rgwPort,
    credentials: { accessKey: 'VANBANTEST', secretKey: randomUUID().replace(/-/g, '') },
    directory: dir,
    stop: () => stopCluster(dir),
  };
  try {
    const keyring = path.join(dir, 'keyring');
    await run('ceph-authtool', [
      '--create-keyring',
      '--gen-key',
      '--name=mon.',
      keyring,
      '--cap',
      'mon',
      'allow *',
    ]);
    await run('ceph-authtool', [
      '--gen-key',
      '--name=client.admin',
      '--cap',
      'mon',
      'allow *',
      '--cap',
      'osd',
      'allow *',
      '--cap',
      'mgr',
      'allow *',
      keyring,
    ]);
    const monmap = path.join(dir, 'monmap');
    await run('monmaptool', [
      '--create',
      '--clobber',
      '--addv',
      'a',
      `[v2:127.0.0.1:${monPort}]`,
      '--fsid',
      fsid,
      monmap,
    ]);
    await run('ceph-mon', [...c, '--id', 'a', '--mkfs', '--monmap', monmap, '--keyring', keyring]);
    await run('ceph-mon', [...c, '--id', 'a']); // daemonises
    const osdId = (await run('ceph', [...c, 'osd', 'create'])).stdout.trim();
    await run('ceph', [...c, 'osd', 'crush', 'add', `osd.${osdId}`, '1', 'root=default', 'host=localhost']);
    await run('ceph-osd', [...c, '--id', osdId, '--mkkey', '--mkfs', '--no-mon-config']);
    await run('ceph', [
      ...c,
      'auth',
      'add',
      `osd.${osdId}`,
      'osd',
      'allow *',
      'mon',
      'allow profile osd',
      '-i',
      path.join(dir, 'osd', 'keyring'),
    ]);
    await run('ceph-osd', [...c, '--id', osdId]);
    await run('ceph', [
      ...c,
      'auth',
      'get-or-create',
      'client.rgw',
      'mon',
      'allow rw',
      'osd',
      'allow rwx',
      '-o',
      path.join(dir, 'rgw.keyring'),
    ]);
    await run('radosgw', [...c, '-n', 'client.rgw']);
    await waitFor('radosgw', async () => {
      const res = await fetch(`http://127.0.0.1:${rgwPort}/`);
      return res.status < 500;
    });
    await run('radosgw-admin', [
      ...c,
      'user',
      'create',
      '--uid',
      'vanban',
      '--display-name',
      'VanBan tests',
      '--access-key',
      proc.credentials.accessKey,
      '--secret',
      proc.credentials.secretKey,
    ]);
  } catch (e) {
    await stopCluster(dir);
    throw e;
  }
  return proc;
}

async function stopCluster(dir: string): Promise<void> {
  if (!fs.existsSync(dir)) return;
  const pids = ['client.rgw.pid', 'osd.0.pid', 'mon.a.pid']
    .map((f) => pidOf(path.join(dir, 'run', f)))
    .filter((p): p is number => p !== null);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  for (let i = 0; i < 100 && pids.some(alive); i++) await new Promise((r) => setTimeout(r, 50));
  fs.rmSync(dir, { recursive: true, force: true });
}

let shared: Promise<RadosgwProcess> | undefined;

/**
 * The run's one cluster, started on first use (the suite pays the start once) and stopped by a root
 * `after` hook registered when this module loads, plus a synchronous kill when the process exits.
 */
export function sharedRadosgw(): Promise<RadosgwProcess> {
  shared ??= startRadosgw().then((p) => {
    process.once('exit', () => {
      for (const f of ['client.rgw.pid', 'osd.0.pid', 'mon.a.pid']) {
        const pid = pidOf(path.join(p.directory, 'run', f));
        try {
          if (pid) process.kill(pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
      fs.rmSync(p.directory, { recursive: true, force: true });
    });
    return p;
  });
  return shared;
}

if (typeof after === 'function') {
  after(async function () {
    this.timeout(60000);
    if (shared) await (await shared.catch(() => null))?.stop();
  });
}

/**
 * A new Object-Lock (versioned) bucket on `rgw`: the store on it (spooling uploads in `spoolDir`) and a
 * raw S3 client of the same server, for what a test does behind the store's back.
 */
export async function openObjectLockBucket(
  rgw: RadosgwProcess,
  options: { bucket: string; spoolDir: string },
): Promise<{ store: S3ObjectStore; raw: Minio.Client }> {
  const store = await S3ObjectStore.open({
    endPoint: '127.0.0.1',
    port: rgw.port,
    useSSL: false,
    ...rgw.credentials,
    bucket: options.bucket,
    region: 'us-east-1',
    objectLock: true,
    spoolDir: options.spoolDir,
  });
  const raw = new Minio.Client({
    endPoint: '127.0.0.1',
    port: rgw.port,
    useSSL: false,
    pathStyle: true,
    region: 'us-east-1',
    ...rgw.credentials,
  });
  return { store, raw };
}
