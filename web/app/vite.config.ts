/// <reference types="vitest/config" />
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import react from '@vitejs/plugin-react'
import { fileURLToPath, URL } from 'node:url'
import { mkdirSync, writeFileSync } from 'node:fs'
import type { Plugin } from 'vite'

// keepGitkeep restores web/dist/.gitkeep after emptyOutDir wiped it (also when the build
// fails), so the Go embed pattern (all:dist) always matches and git never sees it deleted.
function keepGitkeep(): Plugin {
  const write = () => {
    const dir = fileURLToPath(new URL('../dist/', import.meta.url))
    mkdirSync(dir, { recursive: true })
    writeFileSync(dir + '.gitkeep', '')
  }
  return { name: 'jiangxin-keep-gitkeep', apply: 'build', writeBundle: write, closeBundle: write, buildEnd: write }
}

const api = process.env.JX_API ?? 'http://127.0.0.1:8080'

// Two entries: the Vue app (index.html) and the offline GraphiQL (graphiql.html).
// echarts and GraphiQL/React/Monaco go to their own chunks so the main app does not load them.
export default defineConfig({
  base: '/',
  plugins: [vue(), react({ include: /\.tsx$/ }), keepGitkeep()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4096,
    rollupOptions: {
      input: {
        main: fileURLToPath(new URL('./index.html', import.meta.url)),
        graphiql: fileURLToPath(new URL('./graphiql.html', import.meta.url)),
      },
      output: {
        // Named chunks per library family. Higher priority groups claim their modules first, so
        // helpers both sides use (Vite's preload helper, @floating-ui, tslib) and Vue stay out of
        // the echarts and GraphiQL chunks: the app never loads GraphiQL or React, /graphiql never
        // loads Element Plus, and only the pages with charts load echarts.
        codeSplitting: {
          groups: [
            { name: 'shared', priority: 30, test: (id: string) => id.includes('vite/preload-helper') || /node_modules[\\/](@floating-ui|tslib)[\\/]/.test(id) },
            { name: 'vue', priority: 25, test: /node_modules[\\/](vue|@vue|vue-router|vue-i18n|@intlify|vue-demi)[\\/]/ },
            { name: 'echarts', priority: 20, test: /node_modules[\\/](echarts|zrender|vue-echarts)[\\/]/ },
            { name: 'monaco', priority: 20, test: /node_modules[\\/](monaco-editor|monaco-graphql)[\\/]/ },
            { name: 'graphiql', priority: 10, test: /node_modules[\\/](graphiql|@graphiql|react|react-dom|scheduler|react-compiler-runtime|@radix-ui)[\\/]/ },
            { name: 'element-plus', priority: 10, test: /node_modules[\\/](element-plus|@element-plus)[\\/]/ },
          ],
        },
      },
    },
  },
  // `npm run dev` (and `vite preview`) proxy the API to a running server: JX_API, default :8080.
  server: { proxy: Object.fromEntries(['/graphql', '/healthz', '/readyz', '/templates', '/exports'].map((p) => [p, api])) },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
  },
})
