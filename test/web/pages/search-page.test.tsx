import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { SearchPage } from '../../../web/src/pages/search/search-page';
import { fakeApi, renderSignedIn, withRoles } from '../support/render';

const ARCHIVIST = withRoles(['archivist']);
const noFacet = { issuer: [], year: [], status: [], urgency: [], level: [], file: [], retention: [] };

const result = (over: Record<string, unknown>) => ({
  total: 3,
  totalCapped: false,
  totalIsEstimate: false,
  page: 1,
  pageSize: 20,
  sort: 'relevance',
  fuzzy: false,
  hits: [],
  facets: {
    ...noFacet,
    type: [
      { value: 'Quyết định', count: 2 },
      { value: 'Kế hoạch', count: 1 },
    ],
  },
  ...over,
});

const facetLinks = async () =>
  within(await screen.findByRole('region', { name: 'Loại văn bản' }))
    .getAllByRole('link')
    .map((a) => a.textContent);

describe('SearchPage (#/search) facet counts', () => {
  it('shows exact facet counts without a mark', async () => {
    fakeApi({
      'GET /api/me': ARCHIVIST,
      'GET /api/search': result({ facetsAreEstimates: false }),
      'GET /api/search/saved': { items: [] },
    });
    renderSignedIn(<SearchPage params={new URLSearchParams('q=thien+tai')} />);
    expect(await facetLinks()).toEqual(['Quyết định (2)', 'Kế hoạch (1)']);
    expect(screen.queryByText(/là ước tính/)).toBeNull();
  });

  it('marks facet counts over a bounded set of the matches with ≈ and says why', async () => {
    fakeApi({
      'GET /api/me': ARCHIVIST,
      'GET /api/search': result({
        total: 630_000,
        totalCapped: true,
        totalIsEstimate: true,
        facetsAreEstimates: true,
      }),
      'GET /api/search/saved': { items: [] },
    });
    renderSignedIn(<SearchPage params={new URLSearchParams('q=nhan+dan')} />);
    expect(await facetLinks()).toEqual(['Quyết định (≈2)', 'Kế hoạch (≈1)']);
    expect(screen.getByText('Số đếm có dấu ≈ là ước tính: chỉ tính trên các kết quả mới nhất.')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('Khoảng 630.000 kết quả');
  });
});
