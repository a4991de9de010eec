// Search page logic kept out of the component: URL query ⇄ search variables, facet → filter mapping.
import type { LocationQuery } from 'vue-router'

/** FACETS are the facets the search page asks for, in display order. */
export const FACETS = ['KIND', 'SKILL', 'LEVEL', 'HONOUR_TIER', 'INDUSTRY', 'ROLE', 'STUDIO_KIND', 'STATUS', 'ENTERPRISE', 'REGION'] as const
export type Facet = (typeof FACETS)[number]

/** FILTER_OF maps a facet to the SearchFilter field (or 'kind' for the kinds list) it sets. */
export const FILTER_OF: Record<Facet, string> = {
  KIND: 'kind',
  SKILL: 'skillCode',
  LEVEL: 'minLevel',
  HONOUR_TIER: 'honourTier',
  INDUSTRY: 'industry',
  ROLE: 'role',
  STUDIO_KIND: 'studioKind',
  STATUS: 'status',
  ENTERPRISE: 'enterpriseId',
  REGION: 'regionId',
}

/** SearchState is what the URL of the search page holds. */
export interface SearchState {
  q: string
  filters: Partial<Record<string, string>>
}

/** fromQuery reads the search state from a route query (unknown keys ignored). */
export function fromQuery(query: LocationQuery): SearchState {
  const q = typeof query.q === 'string' ? query.q : ''
  const filters: Partial<Record<string, string>> = {}
  for (const key of Object.values(FILTER_OF)) {
    const v = query[key]
    if (typeof v === 'string' && v) filters[key] = v
  }
  return { q, filters }
}

/** toQuery writes the search state as a route query. */
export function toQuery(s: SearchState): Record<string, string> {
  const out: Record<string, string> = {}
  if (s.q) out.q = s.q
  for (const [k, v] of Object.entries(s.filters)) if (v) out[k] = v
  return out
}

/** toVariables turns the state into the variables of the search query. */
export function toVariables(s: SearchState, after?: string | null, first = 20): Record<string, unknown> {
  const filter: Record<string, string> = {}
  for (const [k, v] of Object.entries(s.filters)) if (v && k !== 'kind') filter[k] = v
  return {
    query: s.q,
    kinds: s.filters.kind ? [s.filters.kind] : null,
    filter: Object.keys(filter).length ? filter : null,
    facets: FACETS,
    first,
    after: after ?? null,
  }
}

/** toggleFilter sets facet's filter to value, or clears it when it already holds value. */
export function toggleFilter(s: SearchState, facet: Facet, value: string): SearchState {
  const key = FILTER_OF[facet]
  const filters = { ...s.filters }
  if (filters[key] === value) delete filters[key]
  else filters[key] = value
  return { q: s.q, filters }
}

/** SEARCH_QUERY is the GraphQL search with the fields the result rows show. */
export const SEARCH_QUERY = `query Search($query: String!, $kinds: [SearchKind!], $filter: SearchFilter, $facets: [SearchFacet!], $first: Int, $after: String) {
  search(query: $query, kinds: $kinds, filter: $filter, facets: $facets, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    facets { facet values { value label count } }
    hits {
      id kind
      highlights { field fragments }
      node {
        __typename
        ... on Worker { id name roles employer: enterprise { id name } skills { skill { code name } level primary } honours { title tier } }
        ... on Problem { id title status urgency industry enterprise { id name } }
        ... on Studio { id name kind tier hostEnterprise { id name } }
        ... on Skill { id code name definition }
        ... on Enterprise { id name industry region { name } }
      }
    }
  }
}`

/** SUGGEST_QUERY feeds the type-ahead: trades by prefix plus the best few hits. */
export const SUGGEST_QUERY = `query Suggest($prefix: String!) {
  suggestSkills(prefix: $prefix, first: 5) { code name }
  search(query: $prefix, first: 5) {
    hits { id kind node { __typename
      ... on Worker { id name } ... on Problem { id title } ... on Studio { id name }
      ... on Skill { id name } ... on Enterprise { id name } } }
  }
}`

/** hitPath returns the page of a hit's entity, or null when it has no page (skills search instead). */
export function hitPath(kind: string, id: string): string | null {
  const base: Record<string, string> = { WORKER: '/workers/', PROBLEM: '/problems/', STUDIO: '/studios/', ENTERPRISE: '/enterprises/' }
  return base[kind] ? base[kind] + encodeURIComponent(id) : null
}
