import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * edXML as the national SDKs speak it (issue 15, docs/edxml-federation.md):
 * - `federation_peers.profile`: which layout, attachment convention, status form and signature algorithm
 *   a peer speaks (edxml-profile.ts; `{}` = the national SDKs' conventions);
 * - how each received package was signed (`edxml_packages.signature_*`), and on the incoming document
 *   (`edxml_incoming.signature`) the signer certificate, the algorithm and whether it is weak (RSA-SHA1
 *   from a peer allowed to use it), plus the sender's full address fields and the signer's position, so
 *   the clerk and the auditor see them.
 */
export class EdxmlSdkProfile1765100000000 implements MigrationInterface {
  name = 'EdxmlSdkProfile1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE federation_peers
        ADD COLUMN profile jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(profile) = 'object')`);
    await q.query(`
      ALTER TABLE edxml_packages
        ADD COLUMN signature_algorithm text CHECK (signature_algorithm IN ('rsa-sha256', 'rsa-sha1')),
        ADD COLUMN signature_placement text CHECK (signature_placement IN ('xmldsig', 'qcvn', 'none')),
        ADD COLUMN layout text CHECK (layout IN ('sdk', 'envelope', 'soap'))`);
    await q.query(`
      ALTER TABLE edxml_incoming
        ADD COLUMN signature jsonb CHECK (signature IS NULL OR jsonb_typeof(signature) = 'object'),
        ADD COLUMN sender jsonb CHECK (sender IS NULL OR jsonb_typeof(sender) = 'object'),
        ADD COLUMN signer_position text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE edxml_incoming DROP COLUMN signer_position, DROP COLUMN sender, DROP COLUMN signature`,
    );
    await q.query(
      `ALTER TABLE edxml_packages DROP COLUMN layout, DROP COLUMN signature_placement, DROP COLUMN signature_algorithm`,
    );
    await q.query(`ALTER TABLE federation_peers DROP COLUMN profile`);
  }
}
