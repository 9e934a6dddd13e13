import type { Queryable } from '../directory/unit-repository';
import type { StoredCredential } from '../signing/signing-credential';
import type { SigningServices } from '../signing/signing-services';

/** What the leader's stamp shows besides the signature image; texts default to the user and certificate. */
export interface LeaderAppearance {
  readonly visible?: boolean;
  /** Default: the user's title, else the certificate's `title` attribute. */
  readonly title?: string;
  /** Default: the certificate's common name. */
  readonly name?: string;
}

/** The leader's stamp: the credential's image (or the default), the user's title, the profile. */
export async function leaderAppearance(
  q: Queryable,
  userId: string,
  credential: StoredCredential,
  deps: SigningServices,
  given: LeaderAppearance = {},
): Promise<{
  visible?: boolean;
  title?: string;
  name?: string;
  image?: Buffer;
  profile?: SigningServices['stampProfile'];
}> {
  const rows: { title: string | null }[] = await q.query(`SELECT title FROM users WHERE id = $1`, [userId]);
  const title = given.title ?? rows[0]?.title ?? undefined;
  return {
    visible: given.visible,
    title: title || undefined,
    name: given.name,
    image: credential.stampImage ?? deps.defaultImages?.signature,
    profile: deps.stampProfile,
  };
}
