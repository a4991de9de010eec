// Union tree membership from a union's ancestor chain (union { id parent { id parent { … } } }).

/** UnionChain is a union with its ancestors, as far as the query asked. */
export interface UnionChain {
  id: string
  parent?: UnionChain | null
}

/** inTree reports whether the union or one of its ancestors is rootId. */
export function inTree(u: UnionChain | null | undefined, rootId: string | null | undefined): boolean {
  if (!rootId) return false
  for (let n = u; n; n = n.parent) if (n.id === rootId) return true
  return false
}
