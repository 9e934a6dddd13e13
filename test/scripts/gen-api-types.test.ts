import { expect } from 'chai';
import fs from 'node:fs';
import { API_TYPES_FILE, generateApiTypes, serverOpenApiDocument } from '../../scripts/gen-api-types';

describe('the web app API types (scripts/gen-api-types.ts)', function () {
  this.timeout(120_000);

  it('are what the server OpenAPI document produces today (regenerate after changing a route)', async () => {
    const committed = fs.readFileSync(API_TYPES_FILE, 'utf8');
    const fresh = await generateApiTypes();
    if (committed === fresh) return;
    // Name the first difference, so whoever changed a route sees which one.
    const a = committed.split('\n');
    const b = fresh.split('\n');
    let i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    const path = [...b.slice(0, i + 1)].reverse().find((line) => /^ {4}"\/[^"]*": \{$/.test(line));
    expect.fail(
      `web/src/api/schema.d.ts is stale (first difference at line ${i + 1}${path ? `, under ${path.trim()}` : ''}):\n` +
        `  committed: ${a[i] ?? '(end)'}\n  generated: ${b[i] ?? '(end)'}\n` +
        'Run `npm run gen:api-types` and commit web/src/api/schema.d.ts with the route change.',
    );
  });

  it('come from the real route table: every API path of the document is a typed path', async () => {
    const doc = await serverOpenApiDocument();
    const paths = Object.keys(doc.paths as Record<string, unknown>);
    expect(paths).to.include.members(['/api/me', '/api/units', '/api/outgoing', '/api/incoming']);
    const text = await generateApiTypes();
    for (const p of paths) expect(text, p).to.contain(`"${p}": {`);
  });
});
