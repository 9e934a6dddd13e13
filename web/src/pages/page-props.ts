/** What a route gives its page: the query of the hash and the id captured by the pattern. */
export interface PageProps {
  readonly params: URLSearchParams;
  readonly id?: string;
}
