import type { DataSource } from 'typeorm';
import type { ObjectStore } from '../../storage/objects/object-store';

export interface ComponentHealth {
  ok: boolean;
  detail?: string;
}

export interface HealthReport {
  status: 'ok' | 'unavailable';
  database: ComponentHealth;
  objectStore: ComponentHealth;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function databaseHealth(db: DataSource, timeoutMs: number): Promise<ComponentHealth> {
  try {
    if (!db.isInitialized) return { ok: false, detail: 'not initialised' };
    await withTimeout(db.query('SELECT 1'), timeoutMs, 'database');
    return { ok: true };
  } catch (e) {
    return { ok: false, detail: e instanceof Error ? e.message.slice(0, 200) : 'unreachable' };
  }
}

async function objectStoreHealth(objects: ObjectStore, timeoutMs: number): Promise<ComponentHealth> {
  try {
    const h = await withTimeout(objects.health(), timeoutMs, 'object store');
    return h.ok ? { ok: true } : { ok: false, detail: h.detail.slice(0, 200) };
  } catch (e) {
    return { ok: false, detail: e instanceof Error ? e.message.slice(0, 200) : 'unreachable' };
  }
}

/** Checks the database and the object store in parallel, each bounded so /healthz never hangs. */
export async function healthCheck(
  deps: { db: DataSource; objects: ObjectStore },
  timeoutMs = 3000,
): Promise<HealthReport> {
  const [database, objectStore] = await Promise.all([
    databaseHealth(deps.db, timeoutMs),
    objectStoreHealth(deps.objects, timeoutMs),
  ]);
  return { status: database.ok && objectStore.ok ? 'ok' : 'unavailable', database, objectStore };
}
