import type { Readable } from 'node:stream';
import type { ObjectStore } from '../../storage/objects/object-store';
import type { Queryable } from '../directory/unit-repository';
import { MaintenanceError } from './maintenance-error';

/**
 * The advisory lock between the storage sweep and the writers of new object references ("VBOBJECT" as
 * an int8). deleteUnreferencedObjects holds it exclusively while it checks that nothing references an
 * object and deletes it; a writer holds it shared (guardObjectReference) from the start of the
 * transaction that records a reference until that transaction commits.
 */
export const OBJECT_REFERENCE_LOCK = '6215617581857194836';

/**
 * Call at the start of a transaction that records a reference to an object the caller put into the store
 * beforehand (an upload, a received file): takes the shared lock, then makes sure the object is still
 * there, putting `content` again if the sweep deleted it between the put and now (the sweep only deletes
 * what no committed row references; this transaction's reference was not committed yet). Once this
 * returns, the sweep cannot delete the object before the transaction commits, and then it sees the
 * reference. Call it before appending the audit event (lock order: objects, then the audit chain).
 */
export async function guardObjectReference(
  m: Queryable,
  objects: Pick<ObjectStore, 'stat' | 'put'>,
  object: { readonly sha256: string; readonly contentType: string },
  content: () => Readable | Buffer,
): Promise<void> {
  await m.query('SELECT pg_advisory_xact_lock_shared($1::bigint)', [OBJECT_REFERENCE_LOCK]);
  if (await objects.stat(object.sha256)) return;
  const stored = await objects.put(content(), { contentType: object.contentType });
  if (stored.sha256 !== object.sha256) throw MaintenanceError.contentChanged(object.sha256, stored.sha256);
}
