// useQuery: run an async loader with reactive loading, error and data, for page-level fetches.
import { ref, shallowRef, type Ref, type ShallowRef } from 'vue'

/** QueryState is the reactive state of one loader. */
export interface QueryState<T> {
  data: ShallowRef<T | null>
  loading: Ref<boolean>
  error: ShallowRef<unknown>
  /** run calls the loader again; a newer call's result wins over an older one still in flight. */
  run: () => Promise<void>
}

/** useQuery wraps loader; it does not run it until run() is called. */
export function useQuery<T>(loader: () => Promise<T>): QueryState<T> {
  const data = shallowRef<T | null>(null)
  const loading = ref(false)
  const error = shallowRef<unknown>(null)
  let seq = 0
  async function run() {
    const mine = ++seq
    loading.value = true
    error.value = null
    try {
      const v = await loader()
      if (mine === seq) data.value = v
    } catch (e) {
      if (mine === seq) error.value = e
    } finally {
      if (mine === seq) loading.value = false
    }
  }
  return { data, loading, error, run }
}
