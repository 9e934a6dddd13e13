import { expect } from 'chai';
import fs from 'node:fs';
import { API_TYPES_FILE, generateApiTypes, serverOpenApiDocument } from '../../scripts/gen-api-types';

describe('the web app API types (scripts/gen-api-types.ts)', function () {
  this.timeout(120_000);

  it('are what the server OpenAPI document produces today (regenerate after changing a route)', async () => {
    const committed = fs.readFileSync(API_TYPES_FILE, 'utf8');
    const fresh = await generateApiTypes();
    // Stale: run `npx ts-node scripts/gen-api-types.ts` and commit web/src/api/schema.d.ts.
    expect(
      committed === fresh,
      'web/src/api/schema.d.ts is stale: npx ts-node scripts/gen-api-types.ts',
    ).to.equal(true);
  });

  it('come from the real route table: every API path of the document is a typed path', async () => {
    const doc = await serverOpenApiDocument();
    const paths = Object.keys(doc.paths as Record<string, unknown>);
    expect(paths).to.include.members(['/api/me', '/api/units', '/api/outgoing', '/api/incoming']);
    const text = await generateApiTypes();
    for (const p of paths) expect(text, p).to.contain(`"${p}": {`);
  });
});
