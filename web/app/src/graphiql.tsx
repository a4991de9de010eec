// The offline GraphiQL at /graphiql, against /graphql, sending the stored bearer token when present.
import 'graphiql/setup-workers/vite'
import 'graphiql/style.css'
import { createRoot } from 'react-dom/client'
import { GraphiQL } from 'graphiql'
import { createGraphiQLFetcher } from '@graphiql/toolkit'
import { storedToken } from './api/graphql'

const fetcher = createGraphiQLFetcher({
  url: '/graphql',
  fetch: (input: RequestInfo | URL, init?: RequestInit) => {
    const headers = new Headers(init?.headers)
    const token = storedToken()
    if (token && !headers.has('Authorization')) headers.set('Authorization', `Bearer ${token}`)
    return fetch(input, { ...init, headers })
  },
})

const defaultQuery = `# 匠心 Jiangxin GraphQL API
# 已登录时自动带上登录令牌 (the stored sign-in token is sent when present).
{
  me { username displayName role }
  search(query: "焊工", first: 5) { totalCount hits { kind highlights { field fragments } } }
}
`

const el = document.getElementById('graphiql')
if (el) {
  el.textContent = ''
  createRoot(el).render(<GraphiQL fetcher={fetcher} defaultQuery={defaultQuery} />)
}
