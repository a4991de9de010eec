// Detail links to records of other areas, used only when the app has a route for them.
import { useRouter } from 'vue-router'
import { entityPath, typeOfId } from './labels'

/** useEntityLinks returns pathFor(type, id): the detail path of a record, or null when no page shows it. */
export function useEntityLinks() {
  const router = useRouter()
  const patterns = new Set(router.getRoutes().map((r) => r.path))
  const has = (p: string) => patterns.has(p)
  return {
    pathFor(type: string | null | undefined, id: string | null | undefined): string | null {
      if (!id) return null
      return entityPath(type || typeOfId(id), id, has)
    },
  }
}
